package org.robustj.onnx;

import java.util.HashMap;
import java.util.Map;
import org.robustj.onnx.proto.OnnxProto.AttributeProto;
import org.robustj.onnx.proto.OnnxProto.NodeProto;

/** A node's attributes by name, with ONNX's defaults where an attribute is absent. */
final class OnnxAttributes {
    private final Map<String, AttributeProto> byName = new HashMap<>();

    OnnxAttributes(NodeProto node) {
        for (AttributeProto a : node.getAttributeList()) byName.put(a.getName(), a);
    }

    boolean has(String name) {
        return byName.containsKey(name);
    }

    long getInt(String name, long dflt) {
        AttributeProto a = byName.get(name);
        return a == null ? dflt : a.getI();
    }

    float getFloat(String name, float dflt) {
        AttributeProto a = byName.get(name);
        return a == null ? dflt : a.getF();
    }

    String getString(String name, String dflt) {
        AttributeProto a = byName.get(name);
        return a == null ? dflt : a.getS().toStringUtf8();
    }

    /** An ints attribute, or null when absent. */
    long[] getInts(String name) {
        AttributeProto a = byName.get(name);
        if (a == null) return null;
        long[] v = new long[a.getIntsCount()];
        for (int i = 0; i < v.length; i++) v[i] = a.getInts(i);
        return v;
    }

    AttributeProto get(String name) {
        return byName.get(name);
    }
}
