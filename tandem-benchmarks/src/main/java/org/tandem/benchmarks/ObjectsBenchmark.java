package org.tandem.benchmarks;

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
import org.openjdk.jmh.infra.Blackhole;
import org.tandem.objects.ObjectCodec;
import org.tandem.objects.VersionedObject;

/**
 * Encode, decode and backport of {@link BenchInstance}, the operations tools/bench/ovo_bench.py
 * times with oslo.versionedobjects. Run through {@code tools/bench/objects-ratio}, or directly:
 * {@code java -jar tandem-benchmarks/target/benchmarks.jar ObjectsBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ObjectsBenchmark {

    /** The object, its JSON and its primitive, built once per trial and never modified by the benchmarks. */
    @State(Scope.Benchmark)
    public static class Data {
        ObjectCodec codec;
        BenchInstance instance;
        byte[] json;
        Map<String, Object> primitive;

        @Setup(Level.Trial)
        public void setUp() {
            codec = new ObjectCodec(BenchInstance.registry());
            instance = BenchData.instance();
            primitive = instance.toPrimitive();
            json = codec.toJson(instance);
            // Guard: decoding must give back an equal object, or the decode figures time something else.
            VersionedObject back = codec.fromJson(json);
            if (!java.util.Arrays.equals(codec.toJson(back), json)) {
                throw new IllegalStateException("BenchInstance JSON round trip changed the primitive");
            }
        }
    }

    /** Object to JSON bytes as sent on the wire (OVO: obj_to_primitive + json.dumps). */
    @Benchmark
    public byte[] encodeJson(Data d) {
        return d.codec.toJson(d.instance);
    }

    /** Object to primitive map (OVO: obj_to_primitive). */
    @Benchmark
    public Map<String, Object> encodePrimitive(Data d) {
        return d.instance.toPrimitive();
    }

    /** JSON bytes to object (OVO: json.loads + obj_from_primitive). */
    @Benchmark
    public void decodeJson(Data d, Blackhole bh) {
        bh.consume(d.codec.fromJson(d.json));
    }

    /** Primitive map to object (OVO: obj_from_primitive). */
    @Benchmark
    public void decodePrimitive(Data d, Blackhole bh) {
        bh.consume(d.codec.fromPrimitive(d.primitive));
    }

    /** Object to primitive at BenchInstance 1.0 (OVO: obj_to_primitive(target_version='1.0')). */
    @Benchmark
    public void backport(Data d, Blackhole bh) {
        bh.consume(d.instance.toPrimitive(BenchData.BACKPORT_TARGET));
    }
}
