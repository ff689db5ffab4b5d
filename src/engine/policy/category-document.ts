import 'reflect-metadata';
import { Type } from 'class-transformer';
import { ArrayNotEmpty, IsArray, IsBoolean, IsDefined, IsIn, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { POLICY_ID_MAX_LENGTH, POLICY_ID_PATTERN } from './policy-defaults';
import { IsOmittable } from './is-omittable';
import { CATEGORY_SEVERITIES, CategorySeverity, SCORING_METHODS, ScoringMethod } from './policy.types';
import { ThresholdsDocument } from './thresholds-document';

// class-validator runs a property's decorators bottom-up, and the parser stops at the first
// failure per field, so the most basic check sits closest to the property.

/**
 * One entry of `categories:` as written in YAML, before defaults. Checks here are about shape;
 * list items and cross-field rules are checked by the semantic pass, which can name the exact
 * item (`prompts[3]`).
 */
export class CategoryDocument {
  @MaxLength(POLICY_ID_MAX_LENGTH, { message: `must be at most ${POLICY_ID_MAX_LENGTH} characters` })
  @Matches(POLICY_ID_PATTERN, { message: 'must be a lowercase slug: letters a-z, digits and single dashes (e.g. "graphic-violence")' })
  @IsString({ message: 'must be a string' })
  @IsDefined({ message: 'is required' })
  id!: string;

  @Matches(/\S/, { message: 'must not be blank' })
  @IsString({ message: 'must be a string' })
  @IsDefined({ message: 'is required' })
  description!: string;

  @ArrayNotEmpty({ message: 'must list at least one prompt' })
  @IsArray({ message: 'must be a list of prompts' })
  @IsDefined({ message: 'is required' })
  prompts!: string[];

  @IsArray({ message: 'must be a list of prompts' })
  @IsOmittable()
  contrastPrompts?: string[];

  @IsArray({ message: 'must be a list of templates' })
  @IsOmittable()
  templates?: string[];

  @IsIn(SCORING_METHODS, { message: `must be one of: ${SCORING_METHODS.join(', ')}` })
  @IsDefined({ message: 'is required' })
  scoring!: ScoringMethod;

  @ValidateNested({ message: 'must be a mapping with review and block' })
  @Type(() => ThresholdsDocument)
  @IsDefined({ message: 'is required' })
  thresholds!: ThresholdsDocument;

  @IsBoolean({ message: 'must be true or false' })
  @IsOmittable()
  shadow?: boolean;

  @IsIn(CATEGORY_SEVERITIES, { message: `must be one of: ${CATEGORY_SEVERITIES.join(', ')}` })
  @IsOmittable()
  severity?: CategorySeverity;
}
