package dev.cleanroom.engine.spark;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.dataset.ColumnSchema;
import dev.cleanroom.core.dataset.ColumnType;
import dev.cleanroom.core.engine.ResultTable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The five column types in Spark, and results back: integers of every width become BIGINT, FLOAT, DOUBLE and
 * DECIMAL become DOUBLE (as the DuckDB adapter does), DATE stays a {@code LocalDate} (the session uses Java 8
 * date types). Other result types are refused, naming the column.
 */
final class SparkTypes {
  private SparkTypes() {}

  static StructType struct(List<ColumnSchema> schema) {
    List<StructField> fields = new ArrayList<>();
    for (ColumnSchema column : schema) {
      fields.add(DataTypes.createStructField(column.name(), sparkType(column.type()), true));
    }
    return DataTypes.createStructType(fields);
  }

  static DataType sparkType(ColumnType type) {
    return switch (type) {
      case BIGINT -> DataTypes.LongType;
      case DOUBLE -> DataTypes.DoubleType;
      case BOOLEAN -> DataTypes.BooleanType;
      case DATE -> DataTypes.DateType;
      case VARCHAR -> DataTypes.StringType;
    };
  }

  static ResultTable result(StructType schema, List<Row> rows) {
    List<ResultTable.Column> columns = new ArrayList<>();
    for (StructField field : schema.fields()) {
      columns.add(new ResultTable.Column(field.name(), columnType(field)));
    }
    List<List<Object>> values = new ArrayList<>(rows.size());
    for (Row row : rows) {
      List<Object> converted = new ArrayList<>(columns.size());
      for (int index = 0; index < columns.size(); index++) {
        converted.add(value(row.isNullAt(index) ? null : row.get(index), columns.get(index).type()));
      }
      values.add(converted);
    }
    return new ResultTable(columns, values);
  }

  private static ColumnType columnType(StructField field) {
    DataType type = field.dataType();
    if (type instanceof LongType || type instanceof IntegerType || type instanceof ShortType || type instanceof ByteType) {
      return ColumnType.BIGINT;
    }
    if (type instanceof DoubleType || type instanceof FloatType || type instanceof DecimalType) {
      return ColumnType.DOUBLE;
    }
    if (type instanceof BooleanType) {
      return ColumnType.BOOLEAN;
    }
    if (type instanceof DateType) {
      return ColumnType.DATE;
    }
    if (type instanceof StringType) {
      return ColumnType.VARCHAR;
    }
    throw CleanroomException.invalid("result column '" + field.name() + "' has type " + type.simpleString()
        + ", which results cannot carry; cast it to STRING, BIGINT, DOUBLE, BOOLEAN or DATE");
  }

  private static Object value(Object value, ColumnType type) {
    if (value == null) {
      return null;
    }
    return switch (type) {
      case BIGINT -> ((Number) value).longValue();
      case DOUBLE -> value instanceof BigDecimal decimal ? decimal.doubleValue() : ((Number) value).doubleValue();
      case BOOLEAN, DATE, VARCHAR -> value;
    };
  }
}
