import { Logger } from 'nestjs-pino';

/**
 * Nest's start-up chatter: a line per module, per controller and per route (64 routes). Useful when
 * debugging the wiring, noise in every other start, so it goes to debug.
 */
const START_UP_DETAIL: ReadonlySet<string> = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

/**
 * The app logger: nestjs-pino's, so every `new Logger(context)` of the code writes pino lines, with
 * Nest's own start-up detail demoted from info to debug.
 */
export class AppLogger extends Logger {
  override log(message: unknown, ...optionalParams: unknown[]): void {
    const context = optionalParams[optionalParams.length - 1];
    if (typeof context === 'string' && START_UP_DETAIL.has(context)) this.debug(message, ...optionalParams);
    else super.log(message, ...optionalParams);
  }
}
