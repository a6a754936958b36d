/**
 * Versioned objects that are byte-compatible with oslo.versionedobjects (OVO) primitives.
 *
 * <h2>Model</h2>
 * One object model in memory; the version is chosen at the wire edge. Each object class declares
 * an {@link org.tandem.objects.ObjectSchema} as data: name, {@link org.tandem.objects.ObjectNamespace}
 * ({@code nova_object}/{@code nova}), its version history (one named {@code Version} constant and
 * one history line per bump; the last is current), and its fields as
 * {@link org.tandem.objects.FieldDef}s: type ({@link org.tandem.objects.fields.Fields}),
 * nullable, default, read-only, the version that added the field ({@code since}), whether
 * dropping its value on backport is acceptable ({@code droppable}) and, for object fields, the
 * parent→child version table ({@code childVersion}, OVO {@code obj_relationships}).
 *
 * <pre>{@code
 * public final class Flavor extends VersionedObject {
 *     // 1.0: Initial version.   (a javadoc line per version constant)
 *     public static final Version V1_0 = Version.of(1, 0);
 *     // 1.1: Added extra_specs.
 *     public static final Version V1_1 = Version.of(1, 1);
 *
 *     private static final ObjectSchema.Builder<Flavor> B = ObjectSchema
 *             .builder("Flavor", ObjectNamespace.NOVA, Flavor.class, Flavor::new)
 *             .version(V1_0, "Initial version")
 *             .version(V1_1, "Added extra_specs");
 *     public static final FieldDef<Long> ID = B.field("id", Fields.INTEGER);
 *     public static final FieldDef<String> NAME = B.field(FieldDef.of("name", Fields.STRING).nullable());
 *     public static final FieldDef<Map<String, String>> EXTRA_SPECS = B.field(FieldDef
 *             .of("extra_specs", Fields.dictOf(Fields.STRING)).defaultValue(Map.of()).since(V1_1));
 *     public static final ObjectSchema<Flavor> SCHEMA = B.build();
 *
 *     public Flavor() { super(SCHEMA); }
 *     public long getId() { return get(ID); }
 *     public void setId(long id) { set(ID, id); }
 * }
 * }</pre>
 * List objects extend {@link org.tandem.objects.ObjectList} and use
 * {@link org.tandem.objects.ObjectSchema#listBuilder} (with {@code childVersion(listVersion,
 * elementVersion)} rows, OVO {@code child_versions}).
 *
 * <h2>Values and changes</h2>
 * {@code get}/{@code set} go through the field definitions: assignment coerces like OVO (Integer
 * from {@code "5"}, Boolean by truthiness, String from numbers), null follows nullable → default →
 * {@link org.tandem.objects.FieldValueException}, read-only fields refuse a different value, and
 * the field is marked changed. {@code whatChanged()} adds object fields whose child changed (and
 * {@code objects} of a list whose element changed). Reading an unset field calls the overridable
 * {@code loadAttribute} (base: {@link org.tandem.objects.LazyLoadException}).
 *
 * <h2>Wire form</h2>
 * {@code toPrimitive()} gives OVO's map ({@code nova_object.name/namespace/version/data/changes};
 * unset fields omitted; {@code changes} omitted when empty and limited to fields in data).
 * {@link org.tandem.objects.ObjectCodec} decodes primitives through an
 * {@link org.tandem.objects.ObjectRegistry} (exact version, else the newest class of the same
 * major that is not older; otherwise {@link org.tandem.objects.IncompatibleObjectVersion} carrying
 * the raw primitive for a conductor backport) and reads/writes JSON, within
 * {@link org.tandem.objects.CodecLimits}.
 *
 * <h2>Backports</h2>
 * {@code toPrimitive(target)} / {@code toPrimitive(manifest)} follow OVO's
 * {@code obj_make_compatible[_from_manifest]}, derived from the schema, in this order: (1) each
 * set object field is backported to the child version its table gives for the target (a manifest
 * entry wins when a manifest is given; list child versions win for lists; a table starting after
 * the target removes the field; a target after the last row leaves the child as is); (2) the
 * class's {@code rule(below, description, rule)} conversions run for targets older than
 * {@code below}; (3) fields newer than the target are removed. A target newer than the object is
 * {@link org.tandem.objects.InvalidTargetVersion}.
 *
 * <p><b>Data loss is loud</b> (unlike OVO, which drops silently): removing a field that holds a
 * value other than null or its declared default throws
 * {@link org.tandem.objects.BackportDataLossException} naming the field and the version needed,
 * unless the field is declared {@code droppable()} or a rule called {@code ctx.consumed(field)}.
 * Deliberate differences from OVO: a manifest never raises a child above its own version, and
 * object fields without a table fail only when a backport without manifest reaches them
 * ({@link org.tandem.objects.MissingBackportRuleException}, OVO's "No rule for x").
 *
 * <h2>Locking</h2>
 * {@link org.tandem.objects.ObjectFingerprints} computes {@code version-hash} fingerprints for a
 * lock-file test that fails when a schema changes without a version bump, and checks that every
 * object backports to every older version.
 */
package org.tandem.objects;
