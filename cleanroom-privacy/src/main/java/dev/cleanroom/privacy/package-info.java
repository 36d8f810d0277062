/** Differential privacy: exact noise, mechanisms and budget accounting. */
package dev.cleanroom.privacy;
