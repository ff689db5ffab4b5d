import 'reflect-metadata';
import { Type } from 'class-transformer';
import { ArrayNotEmpty, IsArray, IsBoolean, IsDefined, IsIn, IsNumber, IsPositive, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { CategoryDocument } from './category-document';
import { MODERATION_ACTIONS, ModerationAction } from './moderation-action';
import { POLICY_ID_MAX_LENGTH, POLICY_ID_PATTERN } from './policy-defaults';
import { IsOmittable } from './is-omittable';

// Decorators run bottom-up and stop at the first failure per field: basic checks go last.

/** A policy file's top level as written in YAML, before defaults. See `policies/README.md`. */
export class PolicyDocument {
  @MaxLength(POLICY_ID_MAX_LENGTH, { message: `must be at most ${POLICY_ID_MAX_LENGTH} characters` })
  @Matches(POLICY_ID_PATTERN, { message: 'must be a lowercase slug: letters a-z, digits and single dashes (e.g. "marketplace")' })
  @IsString({ message: 'must be a string' })
  @IsDefined({ message: 'is required' })
  id!: string;

  // Stored as a column of its own with each version; PostgreSQL's text cannot hold NUL.
  @Matches(/^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*$/, { message: 'must not contain NUL or other control characters' })
  @Matches(/\S/, { message: 'must not be blank' })
  @IsString({ message: 'must be a string' })
  @IsDefined({ message: 'is required' })
  description!: string;

  @IsIn(MODERATION_ACTIONS, { message: `must be one of: ${MODERATION_ACTIONS.join(', ')}` })
  @IsOmittable()
  defaultAction?: ModerationAction;

  @IsPositive({ message: 'must be greater than 0' })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'must be a finite number' })
  @IsOmittable()
  logitScale?: number;

  @IsArray({ message: 'must be a list of templates' })
  @IsOmittable()
  templates?: string[];

  @ValidateNested({ message: 'each category must be a mapping of fields' })
  @Type(() => CategoryDocument)
  @ArrayNotEmpty({ message: 'must list at least one category' })
  @IsArray({ message: 'must be a list of categories' })
  @IsDefined({ message: 'is required' })
  categories!: CategoryDocument[];

  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, { each: true, message: 'each bank must be a bank name (letters, digits, ".", "_", "-", up to 100 characters)' })
  @IsString({ each: true, message: 'each bank must be a bank name' })
  @IsArray({ message: 'must be a list of bank names' })
  @IsOmittable()
  banks?: string[];

  @IsBoolean({ message: 'must be true or false' })
  @IsOmittable()
  skipModelOnBankBlock?: boolean;
}
