/** Policy checking of SQL on relational plans. */
package dev.cleanroom.policy;
