'use strict';
/**
 * Jest runs each spec in its own JavaScript realm, but onnxruntime-node builds output tensors
 * with the main realm's typed-array classes, and onnxruntime-common checks them with
 * `instanceof`. Sharing the main realm's classes (as jest-environment-node already does for
 * Uint8Array) lets real sessions run inside tests.
 */
const { TestEnvironment } = require('jest-environment-node');

const SHARED = [
  'Float32Array', 'Float64Array', 'Int8Array', 'Int16Array', 'Int32Array', 'Uint8ClampedArray',
  'Uint16Array', 'Uint32Array', 'BigInt64Array', 'BigUint64Array', 'ArrayBuffer', 'Uint8Array',
];

class TypedArrayEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of SHARED) this.global[name] = globalThis[name];
  }
}

module.exports = TypedArrayEnvironment;
