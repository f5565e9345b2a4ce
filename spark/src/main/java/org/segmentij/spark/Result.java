package org.segmentij.spark;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.segmentij.service.FolderBatch;

/**
 * One image's row of the results table, as a task returns it to the driver: the columns of
 * {@code batch}'s summary.csv (file, status, output, ms, objects, details: the error message
 * of a failed image, else the technique's values) and the metrics against the ground truth
 * when one was given.
 *
 * @param objects labels of a label-image output, else -1
 * @param metrics metric name to value (empty without ground truth)
 */
public record Result(String file, String status, String output, long ms, long objects, String details,
		LinkedHashMap<String, Double> metrics) implements Serializable {

	private static final long serialVersionUID = 1L;

	public Result {
		metrics = metrics == null ? new LinkedHashMap<>() : metrics;
	}

	static Result of(FolderBatch.Row r) {
		return new Result(r.file(), r.status(), r.output(), r.ms(), r.objects(), r.message(), null);
	}

	static Result failed(String file, long ms, String message) {
		return new Result(file, FolderBatch.FAILED, "", ms, -1, message, null);
	}

	Result withMetrics(Map<String, Double> m, String note) {
		String d = note == null || note.isEmpty() ? details : details == null || details.isEmpty() ? note : details + " " + note;
		return new Result(file, status, output, ms, objects, d, new LinkedHashMap<>(m));
	}

	FolderBatch.Row row() {
		return new FolderBatch.Row(file, status, output, ms, objects, details);
	}

	/**
	 * The row as bytes, as a task sends it to the driver: a few hundred bytes and nothing for
	 * Spark's Java serialization to describe (no class descriptors per task). {@link #decode} reads it back.
	 */
	byte[] encode() {
		ByteArrayOutputStream b = new ByteArrayOutputStream(128);
		try (DataOutputStream d = new DataOutputStream(b)) {
			text(d, file);
			text(d, status);
			text(d, output);
			d.writeLong(ms);
			d.writeLong(objects);
			text(d, details);
			d.writeInt(metrics.size());
			for (Map.Entry<String, Double> e : metrics.entrySet()) {
				text(d, e.getKey());
				d.writeDouble(e.getValue());
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return b.toByteArray();
	}

	static Result decode(byte[] bytes) {
		try (DataInputStream d = new DataInputStream(new ByteArrayInputStream(bytes))) {
			String file = text(d), status = text(d), output = text(d);
			long ms = d.readLong(), objects = d.readLong();
			String details = text(d);
			int n = d.readInt();
			LinkedHashMap<String, Double> m = new LinkedHashMap<>();
			for (int i = 0; i < n; i++)
				m.put(text(d), d.readDouble());
			return new Result(file, status, output, ms, objects, details, m);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** A string of any length (writeUTF stops at 64 KiB), null as length -1. */
	private static void text(DataOutputStream d, String s) throws IOException {
		if (s == null) {
			d.writeInt(-1);
			return;
		}
		byte[] u = s.getBytes(StandardCharsets.UTF_8);
		d.writeInt(u.length);
		d.write(u);
	}

	private static String text(DataInputStream d) throws IOException {
		int n = d.readInt();
		if (n < 0)
			return null;
		byte[] u = new byte[n];
		d.readFully(u);
		return new String(u, StandardCharsets.UTF_8);
	}

	public boolean failed() {
		return FolderBatch.FAILED.equals(status);
	}
}
