/**
 * Differential privacy for the query runtime: exact integer noise, the mechanisms that add it to aggregates,
 * partition selection, and exact budget accounting. See {@code docs/differential-privacy.md}.
 *
 * <p>Noise is sampled exactly on the integers from rational parameters (Canonne, Kamath and Steinke 2020), with
 * randomness from a {@link dev.cleanroom.privacy.RandomSource}; no floating point is used on the sampling path.
 * Every mechanism documents the sensitivity it assumes; bounding each subject's contributions before the data
 * reaches a mechanism is the caller's responsibility. Everything here is pure: no I/O, no threads, no clock.
 */
package dev.cleanroom.privacy;
