/**
 * A policy over the tiny model's planted colour meaning: red images must trip `red`, blue images
 * `blue`, and so on, through tokenizer, text encoder, preprocessing, vision encoder and scoring.
 */
export const COLOUR_POLICY_YAML = `
id: colours
description: Planted-meaning policy for the tiny test model.
defaultAction: allow
templates: ["a photo of {}"]
categories:
  - id: red
    description: red things
    prompts: ["something red"]
    scoring: cosine
    thresholds: { review: 0.5, block: 0.85 }
  - id: blue
    description: blue things
    prompts: ["something blue", "a blue object"]
    scoring: cosine
    thresholds: { review: 0.5, block: 0.99 }
  - id: green
    description: green things, against red and blue look-alikes
    prompts: ["something green"]
    contrastPrompts: ["something red", "something blue"]
    scoring: contrast-softmax
    thresholds: { review: 0.6, block: 0.9 }
  - id: red-shadow
    description: a shadow copy of red, logged but never enforced
    prompts: ["a red thing"]
    scoring: cosine
    shadow: true
    thresholds: { review: 0.3, block: 0.4 }
`;
