package org.segmentij.service;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import ij.measure.ResultsTable;

/**
 * A table a technique gives as a result: shown as an ImageJ results window of that title in
 * ImageJ, written as CSV on the command line ({@code segmentij run ID -i IN -o table.csv}).
 *
 * @param title the window title, e.g. {@code "cells-measurements"}
 * @param table the values
 */
public record NamedTable(String title, ResultsTable table) {

	/**
	 * The table as CSV: a header of the column names (the row labels first, as "Label", when
	 * the table has them), one line per row, numbers in shortest round-trip form, text quoted
	 * when it holds a comma, quote or line break.
	 */
	public byte[] csv() {
		StringBuilder sb = new StringBuilder();
		String[] headings = table.getHeadings();
		boolean first = true;
		for (String h : headings) {
			if (h == null || h.isEmpty() || h.equals(" "))
				continue;
			sb.append(first ? "" : ",").append(quote(h));
			first = false;
		}
		sb.append('\n');
		for (int r = 0; r < table.size(); r++) {
			first = true;
			for (String h : headings) {
				if (h == null || h.isEmpty() || h.equals(" "))
					continue;
				String s;
				if (h.equals("Label") && table.getLabel(r) != null && table.getColumnIndex("Label") == ResultsTable.COLUMN_NOT_FOUND)
					s = quote(table.getLabel(r));
				else {
					double v = table.getValue(h, r);
					String str = table.getStringValue(h, r);
					s = Double.isNaN(v) && str != null && !str.equals("NaN") ? quote(str) : number(v);
				}
				sb.append(first ? "" : ",").append(s);
				first = false;
			}
			sb.append('\n');
		}
		return sb.toString().getBytes(StandardCharsets.UTF_8);
	}

	private static String number(double v) {
		if (Double.isNaN(v))
			return "NaN";
		if (v == Math.rint(v) && Math.abs(v) < 1e15)
			return Long.toString((long) v);
		return String.format(Locale.ROOT, "%s", v);
	}

	private static String quote(String s) {
		if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0)
			return s;
		return '"' + s.replace("\"", "\"\"") + '"';
	}
}
