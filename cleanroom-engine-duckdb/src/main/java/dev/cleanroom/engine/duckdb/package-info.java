/** The DuckDB adapter of the engine port. */
package dev.cleanroom.engine.duckdb;
