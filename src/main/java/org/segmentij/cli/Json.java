package org.segmentij.cli;

import java.util.Collection;
import java.util.Map;

/** A small JSON writer for the command line's --json outputs (maps, lists, strings, numbers, booleans). */
final class Json {

	private Json() {
	}

	static String write(Object o) {
		StringBuilder sb = new StringBuilder();
		write(sb, o, 0);
		return sb.append('\n').toString();
	}

	private static void write(StringBuilder sb, Object o, int indent) {
		if (o == null)
			sb.append("null");
		else if (o instanceof Map<?, ?> m) {
			if (m.isEmpty()) {
				sb.append("{}");
				return;
			}
			sb.append("{\n");
			int i = 0;
			for (Map.Entry<?, ?> e : m.entrySet()) {
				pad(sb, indent + 1);
				string(sb, String.valueOf(e.getKey()));
				sb.append(": ");
				write(sb, e.getValue(), indent + 1);
				sb.append(++i < m.size() ? ",\n" : "\n");
			}
			pad(sb, indent);
			sb.append('}');
		}
		else if (o instanceof Collection<?> c) {
			if (c.isEmpty()) {
				sb.append("[]");
				return;
			}
			sb.append("[\n");
			int i = 0;
			for (Object v : c) {
				pad(sb, indent + 1);
				write(sb, v, indent + 1);
				sb.append(++i < c.size() ? ",\n" : "\n");
			}
			pad(sb, indent);
			sb.append(']');
		}
		else if (o instanceof Double || o instanceof Float) {
			double d = ((Number) o).doubleValue();
			if (Double.isNaN(d) || Double.isInfinite(d))
				string(sb, Double.toString(d));
			else if (d == Math.rint(d) && Math.abs(d) < 1e15)
				sb.append((long) d);
			else
				sb.append(d);
		}
		else if (o instanceof Number || o instanceof Boolean)
			sb.append(o);
		else
			string(sb, o.toString());
	}

	private static void pad(StringBuilder sb, int indent) {
		sb.append("  ".repeat(indent));
	}

	private static void string(StringBuilder sb, String s) {
		sb.append('"');
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			switch (c) {
				case '"' -> sb.append("\\\"");
				case '\\' -> sb.append("\\\\");
				case '\n' -> sb.append("\\n");
				case '\r' -> sb.append("\\r");
				case '\t' -> sb.append("\\t");
				default -> {
					if (c < 0x20)
						sb.append(String.format("\\u%04x", (int) c));
					else
						sb.append(c);
				}
			}
		}
		sb.append('"');
	}
}
