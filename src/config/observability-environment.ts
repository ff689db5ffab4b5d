/**
 * Variables of what operators watch: metrics and logs (README: Configuration). A base class of
 * {@link Environment}, so class-validator and class-transformer check these with the rest.
 */
export class ObservabilityEnvironment {}
