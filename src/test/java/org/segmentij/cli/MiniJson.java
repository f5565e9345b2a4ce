package org.segmentij.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A strict JSON parser for tests: proves output parses, and gives maps, lists, strings, doubles, booleans. */
final class MiniJson {
	private final String s;
	private int i;

	private MiniJson(String s) {
		this.s = s;
	}

	static Object parse(String text) {
		MiniJson p = new MiniJson(text);
		Object v = p.value();
		p.ws();
		if (p.i != text.length())
			throw new IllegalArgumentException("trailing text at " + p.i);
		return v;
	}

	private void ws() {
		while (i < s.length() && Character.isWhitespace(s.charAt(i)))
			i++;
	}

	private Object value() {
		ws();
		char c = s.charAt(i);
		if (c == '{') {
			i++;
			Map<String, Object> m = new LinkedHashMap<>();
			ws();
			if (s.charAt(i) == '}') {
				i++;
				return m;
			}
			while (true) {
				ws();
				String k = string();
				ws();
				expect(':');
				m.put(k, value());
				ws();
				if (s.charAt(i) == ',') {
					i++;
					continue;
				}
				expect('}');
				return m;
			}
		}
		if (c == '[') {
			i++;
			List<Object> l = new ArrayList<>();
			ws();
			if (s.charAt(i) == ']') {
				i++;
				return l;
			}
			while (true) {
				l.add(value());
				ws();
				if (s.charAt(i) == ',') {
					i++;
					continue;
				}
				expect(']');
				return l;
			}
		}
		if (c == '"')
			return string();
		if (s.startsWith("true", i)) {
			i += 4;
			return true;
		}
		if (s.startsWith("false", i)) {
			i += 5;
			return false;
		}
		if (s.startsWith("null", i)) {
			i += 4;
			return null;
		}
		int start = i;
		while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0)
			i++;
		if (start == i)
			throw new IllegalArgumentException("unexpected '" + c + "' at " + i);
		return Double.parseDouble(s.substring(start, i));
	}

	private void expect(char c) {
		if (s.charAt(i) != c)
			throw new IllegalArgumentException("expected '" + c + "' at " + i + ", got '" + s.charAt(i) + "'");
		i++;
	}

	private String string() {
		expect('"');
		StringBuilder sb = new StringBuilder();
		while (s.charAt(i) != '"') {
			char c = s.charAt(i++);
			if (c == '\\') {
				char e = s.charAt(i++);
				switch (e) {
					case 'n' -> sb.append('\n');
					case 't' -> sb.append('\t');
					case 'r' -> sb.append('\r');
					case 'u' -> {
						sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
						i += 4;
					}
					default -> sb.append(e);
				}
			}
			else
				sb.append(c);
		}
		i++;
		return sb.toString();
	}
}
