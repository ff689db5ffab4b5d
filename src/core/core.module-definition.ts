import { ConfigurableModuleBuilder } from '@nestjs/common';
import { CoreOptions } from './core-options';

/** Extras of `forRoot`/`forRootAsync` that shape the module rather than the engine. */
export interface ModerationModuleExtras {
  /** Accepted for compatibility: the core's providers are always global. */
  readonly isGlobal: boolean;
}

export const {
  ConfigurableModuleClass: ConfigurableCoreModule,
  MODULE_OPTIONS_TOKEN: MODERATION_MODULE_OPTIONS,
  OPTIONS_TYPE: CORE_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: CORE_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<CoreOptions>({ moduleName: 'Moderation' })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createModerationOptions')
  .setExtras<ModerationModuleExtras>({ isGlobal: true }, (definition) => ({ ...definition, global: true }))
  .build();
