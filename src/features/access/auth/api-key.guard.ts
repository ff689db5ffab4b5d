import { CanActivate, ExecutionContext, Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { AppErrorCode } from '../../../shared/errors/app-error-code';
import { MODERATION_MODULE_OPTIONS } from '../../../core/core.module-definition';
import { AccessFeatureOptions } from '../access-feature-options';
import { readPresentedKey } from './api-key-secret';
import { ApiKeyRepository } from './api-key.repository';
import { AUTH_DISABLED_PRINCIPAL, AuthenticatedRequest } from './principal';
import { Role } from './role';
import { roleAllows } from './role-allows';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator';
import { refuse } from './refuse';

/**
 * The global guard: every route either is `@Public()` or names the roles that may use it with
 * `@Roles(...)`; a route that does neither is refused to everyone (fail closed), so forgetting the
 * decorator can never open a route. Keys come from `Authorization: Bearer <key>` or `X-Api-Key`.
 *
 * Refusals: 401 AUTH_REQUIRED (no key), 401 AUTH_INVALID_KEY (unknown, malformed or revoked key),
 * 403 AUTH_FORBIDDEN (the key's role may not use the route). With auth disabled every request
 * passes as {@link AUTH_DISABLED_PRINCIPAL}.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate, OnModuleInit {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeyRepository,
    @Inject(MODERATION_MODULE_OPTIONS) private readonly options: AccessFeatureOptions,
  ) {}

  /** Whether requests need a key. */
  get enabled(): boolean {
    return this.options.auth?.enabled !== false;
  }

  onModuleInit(): void {
    if (this.enabled) return;
    // Loud on purpose: a server started like this in production would be open to anyone.
    const line = '!'.repeat(78);
    this.logger.warn(
      `\n${line}\n!! AUTH IS DISABLED (MODERATION_AUTH=disabled): every request is treated as an admin.\n` +
        `!! Use this for local development only; never expose this server to a network.\n${line}`,
    );
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest>();
    const targets = [context.getHandler(), context.getClass()];
    if (!this.enabled) {
      request.principal = AUTH_DISABLED_PRINCIPAL;
      return true;
    }
    if (this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_KEY, targets) === true) return true;
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!allowed || allowed.length === 0) {
      throw refuse(AppErrorCode.AuthForbidden, 'This route declares no roles, so no key may use it.');
    }
    const presented = readPresentedKey(request.headers);
    if (presented.kind !== 'key') {
      http.getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="clip-moderation"');
      throw presented.kind === 'none'
        ? refuse(AppErrorCode.AuthRequired, 'Send an API key: Authorization: Bearer <key> (or X-Api-Key: <key>).')
        : refuse(AppErrorCode.AuthInvalidKey, 'The API key header is malformed.');
    }
    const principal = await this.keys.authenticate(presented.secret);
    if (!principal) {
      http.getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="clip-moderation", error="invalid_token"');
      throw refuse(AppErrorCode.AuthInvalidKey, 'The API key is unknown or revoked.');
    }
    if (!roleAllows(allowed, principal.role)) {
      throw refuse(AppErrorCode.AuthForbidden, `A ${principal.role} key may not use this route.`, { role: principal.role, allowed });
    }
    request.principal = principal;
    return true;
  }
}
