/**
 * Policy checking of SQL on relational plans: {@link dev.cleanroom.policy.PolicyChecker} parses, validates and
 * plans a query with Apache Calcite, follows every column's lineage to where it is used, applies the per-column
 * rules of the dataset policies (default deny), and rewrites an allowed plan so the engine also returns per-group
 * distinct-subject counts for threshold suppression. A query over a table with a {@code dp} block is instead bounded
 * per subject and clamped, returns per-group counts of the bounded rows for partition selection, and comes with a
 * {@link dev.cleanroom.policy.DpPlan} for the runtime's noise. The
 * {@code internal} package is not API.
 */
package dev.cleanroom.policy;
