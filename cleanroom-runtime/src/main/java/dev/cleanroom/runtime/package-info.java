/** The runtime: attested key release and in-memory decryption of datasets. */
package dev.cleanroom.runtime;
