package org.segmentij.spark;

import java.io.Serializable;
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

	public boolean failed() {
		return FolderBatch.FAILED.equals(status);
	}
}
