package org.tandem.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.tandem.objects.ObjectCodec;

/**
 * Where the JSON time of {@link ObjectsBenchmark} goes: the primitive-to-JSON layer alone, through
 * {@link ObjectCodec} (Jackson databind on maps) and through a plain Jackson streaming walk, to
 * show what a streaming codec would gain. Not part of tools/bench/objects-ratio.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JsonLayerBenchmark {

    @State(Scope.Benchmark)
    public static class Data {
        ObjectCodec codec;
        JsonFactory factory;
        Map<String, Object> primitive;
        byte[] json;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            codec = new ObjectCodec(BenchInstance.registry());
            factory = new JsonFactory();
            primitive = BenchData.instance().toPrimitive();
            json = codec.toJson((Object) primitive);
            if (!java.util.Arrays.equals(streamingWrite(factory, primitive), json)
                    || !codec.parseJson(json).equals(streamingRead(factory, json))) {
                throw new IllegalStateException("streaming JSON walk disagrees with ObjectCodec");
            }
        }
    }

    @Benchmark
    public byte[] writeCodec(Data d) {
        return d.codec.toJson((Object) d.primitive);
    }

    @Benchmark
    public byte[] writeStreaming(Data d) throws IOException {
        return streamingWrite(d.factory, d.primitive);
    }

    @Benchmark
    public Object readCodec(Data d) {
        return d.codec.parseJson(d.json);
    }

    @Benchmark
    public Object readStreaming(Data d) throws IOException {
        return streamingRead(d.factory, d.json);
    }

    static byte[] streamingWrite(JsonFactory factory, Object primitive) throws IOException {
        try (ByteArrayBuilder out = new ByteArrayBuilder(4096)) {
            try (JsonGenerator g = factory.createGenerator(out)) {
                write(g, primitive);
            }
            return out.toByteArray();
        }
    }

    private static void write(JsonGenerator g, Object v) throws IOException {
        if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName((String) e.getKey());
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> l) {
            g.writeStartArray();
            for (Object x : l) {
                write(g, x);
            }
            g.writeEndArray();
        } else if (v instanceof Long n) {
            g.writeNumber(n);
        } else if (v instanceof Integer n) {
            g.writeNumber(n);
        } else if (v instanceof Double n) {
            g.writeNumber(n);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v == null) {
            g.writeNull();
        } else {
            throw new IllegalArgumentException("not a primitive: " + v.getClass());
        }
    }

    static Object streamingRead(JsonFactory factory, byte[] json) throws IOException {
        try (JsonParser p = factory.createParser(json)) {
            return read(p, p.nextToken());
        }
    }

    private static Object read(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> m = new LinkedHashMap<>();
                String name;
                while ((name = p.nextFieldName()) != null) {
                    m.put(name, read(p, p.nextToken()));
                }
                return m;
            }
            case START_ARRAY: {
                List<Object> l = new ArrayList<>();
                JsonToken x;
                while ((x = p.nextToken()) != JsonToken.END_ARRAY) {
                    l.add(read(p, x));
                }
                return l;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getNumberValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IOException("unexpected token " + t);
        }
    }
}
