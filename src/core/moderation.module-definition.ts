import { ConfigurableModuleBuilder } from '@nestjs/common';
import { ModerationModuleOptions } from './moderation-module-options';

/** Extras of `forRoot`/`forRootAsync` that shape the module rather than the engine. */
export interface ModerationModuleExtras {
  /** Register the module globally, so feature modules need not import it. */
  readonly isGlobal: boolean;
}

export const {
  ConfigurableModuleClass: ConfigurableModerationModule,
  MODULE_OPTIONS_TOKEN: MODERATION_MODULE_OPTIONS,
  OPTIONS_TYPE: MODERATION_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: MODERATION_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<ModerationModuleOptions>({ moduleName: 'Moderation' })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createModerationOptions')
  .setExtras<ModerationModuleExtras>({ isGlobal: false }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
  .build();
