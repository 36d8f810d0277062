package dev.cleanroom.policy.internal;

import dev.cleanroom.core.dataset.ColumnSchema;
import dev.cleanroom.core.dataset.ColumnType;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/** A table as the SQL validator sees it: only its columns and their types; it holds no data. Immutable. */
public final class PolicyTable extends AbstractTable {
  private final List<ColumnSchema> schema;

  public PolicyTable(List<ColumnSchema> schema) {
    this.schema = List.copyOf(schema);
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    RelDataTypeFactory.Builder builder = typeFactory.builder();
    for (ColumnSchema column : schema) {
      RelDataType type = typeFactory.createSqlType(sqlType(column.type()));
      builder.add(column.name(), typeFactory.createTypeWithNullability(type, true));
    }
    return builder.build();
  }

  static SqlTypeName sqlType(ColumnType type) {
    switch (type) {
      case BIGINT:
        return SqlTypeName.BIGINT;
      case DOUBLE:
        return SqlTypeName.DOUBLE;
      case BOOLEAN:
        return SqlTypeName.BOOLEAN;
      case DATE:
        return SqlTypeName.DATE;
      case VARCHAR:
        return SqlTypeName.VARCHAR;
    }
    throw new IllegalArgumentException("column type " + type);
  }
}
