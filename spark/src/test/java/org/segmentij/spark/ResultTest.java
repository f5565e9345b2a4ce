package org.segmentij.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;

import org.junit.jupiter.api.Test;

/** A task's row survives its trip to the driver as bytes: every field, whatever its text. */
class ResultTest {

	@Test
	void encodedRowsDecodeToEqualRows() {
		LinkedHashMap<String, Double> m = new LinkedHashMap<>();
		m.put("dice", 0.8125);
		m.put("f1@0.50", Double.NaN);
		m.put("ap@0.50", -0.0);
		String longText = "x,\"y\"\n".repeat(30_000); // 150 000 characters: past writeUTF's 64 KiB
		List<Result> rows = List.of(new Result("img01.tif", "ok", "img01.tif", 12, 7, "", null),
				new Result("bröken ñame,1.tif", "failed", "", 3, -1, "Cannot read: \u00e9\u4e2d\ud83d\ude00 \"quoted\", comma\nnewline", null),
				new Result("a.tif", "skipped", "a.tif", 0, -1, null, null), new Result("m.tif", "ok", "m.tif", Long.MAX_VALUE, 1L << 40, longText, m),
				new Result("", "", "", Long.MIN_VALUE, 0, "\u0000", new LinkedHashMap<>()));
		for (Result r : rows) {
			Result back = Result.decode(r.encode());
			assertEquals(r, back, r.file());
			assertEquals(List.copyOf(r.metrics().keySet()), List.copyOf(back.metrics().keySet()), "metrics in their order");
		}
	}
}
