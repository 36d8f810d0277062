/** Attestation of the runtime: report format, ports and the simulated TEE. */
package dev.cleanroom.attestation;
