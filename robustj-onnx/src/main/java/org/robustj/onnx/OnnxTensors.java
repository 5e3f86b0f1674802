package org.robustj.onnx;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.robustj.onnx.proto.OnnxProto.TensorProto;

/** Conversions between ONNX {@code TensorProto}s and Java arrays (float32 weights, int64 shapes), both ways. */
final class OnnxTensors {
    private OnnxTensors() {}

    /** A constant float tensor: row-major data and its dimensions. */
    record Floats(float[] data, long[] dims) {
        /** Number of elements. */
        int size() {
            return data.length;
        }
    }

    /** The tensor's dimensions. */
    static long[] dims(TensorProto t) {
        long[] d = new long[t.getDimsCount()];
        for (int i = 0; i < d.length; i++) d[i] = t.getDims(i);
        return d;
    }

    static long count(long[] dims) {
        long n = 1;
        for (long d : dims) n *= d;
        return n;
    }

    /** A float32 (or float64, narrowed) tensor's values; anything else is an {@link IllegalArgumentException}. */
    static Floats floats(TensorProto t) {
        external(t);
        long[] dims = dims(t);
        int n = Math.toIntExact(count(dims));
        float[] out = new float[n];
        int type = t.getDataType();
        if (type == TensorProto.DataType.FLOAT.getNumber()) {
            if (!t.getRawData().isEmpty()) {
                ByteBuffer b = raw(t, n, 4);
                b.asFloatBuffer().get(out);
            } else {
                need(t, t.getFloatDataCount(), n);
                for (int i = 0; i < n; i++) out[i] = t.getFloatData(i);
            }
        } else if (type == TensorProto.DataType.DOUBLE.getNumber()) {
            if (!t.getRawData().isEmpty()) {
                ByteBuffer b = raw(t, n, 8);
                for (int i = 0; i < n; i++) out[i] = (float) b.getDouble();
            } else {
                need(t, t.getDoubleDataCount(), n);
                for (int i = 0; i < n; i++) out[i] = (float) t.getDoubleData(i);
            }
        } else if (isInteger(type)) {
            long[] v = ints(t);
            for (int i = 0; i < n; i++) out[i] = v[i];
        } else {
            throw new IllegalArgumentException("tensor '" + t.getName() + "' has data type " + typeName(type)
                    + "; robustj reads float32 weights");
        }
        return new Floats(out, dims);
    }

    /** An int64 or int32 tensor's values (shapes, axes, indices). */
    static long[] ints(TensorProto t) {
        external(t);
        int n = Math.toIntExact(count(dims(t)));
        long[] out = new long[n];
        int type = t.getDataType();
        if (type == TensorProto.DataType.INT64.getNumber()) {
            if (!t.getRawData().isEmpty()) {
                raw(t, n, 8).asLongBuffer().get(out);
            } else {
                need(t, t.getInt64DataCount(), n);
                for (int i = 0; i < n; i++) out[i] = t.getInt64Data(i);
            }
        } else if (type == TensorProto.DataType.INT32.getNumber()) {
            if (!t.getRawData().isEmpty()) {
                ByteBuffer b = raw(t, n, 4);
                for (int i = 0; i < n; i++) out[i] = b.getInt();
            } else {
                need(t, t.getInt32DataCount(), n);
                for (int i = 0; i < n; i++) out[i] = t.getInt32Data(i);
            }
        } else {
            throw new IllegalArgumentException("tensor '" + t.getName() + "' has data type " + typeName(type)
                    + " where integers were expected");
        }
        return out;
    }

    static boolean isInteger(int type) {
        return type == TensorProto.DataType.INT64.getNumber() || type == TensorProto.DataType.INT32.getNumber();
    }

    /** A float32 tensor named {@code name}, its data little-endian in {@code raw_data}. */
    static TensorProto tensor(String name, float[] data, long... dims) {
        if (count(dims) != data.length) {
            throw new IllegalArgumentException("tensor " + name + ": " + data.length + " values for dims "
                    + java.util.Arrays.toString(dims));
        }
        ByteBuffer b = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(data);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name)
                .setDataType(TensorProto.DataType.FLOAT.getNumber()).setRawData(ByteString.copyFrom(b.array()));
        for (long d : dims) t.addDims(d);
        return t.build();
    }

    private static ByteBuffer raw(TensorProto t, int n, int width) {
        ByteString raw = t.getRawData();
        if (raw.size() != (long) n * width) {
            throw new IllegalArgumentException("tensor '" + t.getName() + "' has " + raw.size() + " bytes of data for "
                    + n + " values of " + width + " bytes");
        }
        return raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void need(TensorProto t, int have, int n) {
        if (have != n) {
            throw new IllegalArgumentException("tensor '" + t.getName() + "' has " + have + " values for dims "
                    + java.util.Arrays.toString(dims(t)));
        }
    }

    private static void external(TensorProto t) {
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            throw new IllegalArgumentException("tensor '" + t.getName() + "' keeps its data in an external file, "
                    + "which robustj does not read; export with the weights inside the .onnx file");
        }
    }

    static String typeName(int type) {
        TensorProto.DataType d = TensorProto.DataType.forNumber(type);
        return d == null ? "#" + type : d.name().toLowerCase(java.util.Locale.ROOT);
    }
}
