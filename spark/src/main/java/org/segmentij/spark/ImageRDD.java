package org.segmentij.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.spark.Dependency;
import org.apache.spark.Partition;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;

import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;

/**
 * The images of a run as an RDD of one partition (one Spark task) per image, or per K images:
 * each partition holds its input and output paths and yields one encoded {@link Result} per
 * image. Kept lean because Spark deserializes a task's RDD, function and partition for every
 * task: this RDD has no parent and one field, the broadcast {@link JobSpec} (read from the
 * executor's block manager once, then from its cache); the rows come back as a few hundred
 * bytes each ({@link Result#encode}), not as serialized objects. The same work as
 * {@code parallelize(pairs, n).map(p -> ImageTask.run(spec, p[0], p[1]))} with less per task.
 */
final class ImageRDD extends RDD<byte[]> {

	private static final long serialVersionUID = 1L;
	private static final ClassTag<byte[]> BYTES = ClassTag$.MODULE$.apply(byte[].class);

	/** K images of the run: their absolute input and output paths. */
	static final class Part implements Partition {
		private static final long serialVersionUID = 1L;
		private final int index;
		final String[] inputs, outputs;

		Part(int index, String[] inputs, String[] outputs) {
			this.index = index;
			this.inputs = inputs;
			this.outputs = outputs;
		}

		@Override
		public int index() {
			return index;
		}

		@Override
		public int hashCode() {
			return index;
		}

		@Override
		public boolean equals(Object o) {
			return o == this;
		}
	}

	/** Collects a task's rows: a named class (not a Scala closure) that Spark need neither clean nor look up. */
	static final class Rows extends AbstractFunction2<TaskContext, scala.collection.Iterator<byte[]>, byte[][]> implements Serializable {
		private static final long serialVersionUID = 1L;

		@Override
		public byte[][] apply(TaskContext c, scala.collection.Iterator<byte[]> it) {
			List<byte[]> rows = new ArrayList<>();
			while (it.hasNext())
				rows.add(it.next());
			return rows.toArray(new byte[0][]);
		}
	}

	private final Broadcast<JobSpec> spec;
	private final transient Part[] parts;

	/**
	 * @param pairs   input and output path of each image, in order
	 * @param perTask images per partition (task), at least 1
	 */
	ImageRDD(SparkContext sc, Broadcast<JobSpec> spec, List<String[]> pairs, int perTask) {
		super(sc, scala.collection.immutable.List$.MODULE$.<Dependency<?>>empty(), BYTES);
		this.spec = spec;
		int n = (pairs.size() + perTask - 1) / perTask;
		parts = new Part[n];
		for (int p = 0; p < n; p++) {
			List<String[]> sub = pairs.subList(p * perTask, Math.min(pairs.size(), (p + 1) * perTask));
			parts[p] = new Part(p, sub.stream().map(x -> x[0]).toArray(String[]::new), sub.stream().map(x -> x[1]).toArray(String[]::new));
		}
	}

	@Override
	public Partition[] getPartitions() {
		return parts.clone();
	}

	@Override
	public scala.collection.Iterator<byte[]> compute(Partition split, TaskContext context) {
		Part p = (Part) split;
		JobSpec s = spec.value();
		byte[][] rows = new byte[p.inputs.length][];
		for (int i = 0; i < rows.length; i++)
			rows[i] = ImageTask.run(s, p.inputs[i], p.outputs[i]).encode();
		return scala.jdk.javaapi.CollectionConverters.asScala(Arrays.asList(rows).iterator());
	}

	/** Runs every task and returns the rows in the order of the pairs. */
	List<Result> run() {
		Object perPart = sparkContext().runJob(this, new Rows(), ClassTag$.MODULE$.apply(byte[][].class));
		List<Result> out = new ArrayList<>();
		for (byte[][] rows : (byte[][][]) perPart)
			for (byte[] r : rows)
				out.add(Result.decode(r));
		return out;
	}
}
