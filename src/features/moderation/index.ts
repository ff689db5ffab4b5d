/** The moderation routes: moderate an image, read decisions and policies, and the health probes. */
export { ModerationRoutesModule } from './moderation-routes.module';
