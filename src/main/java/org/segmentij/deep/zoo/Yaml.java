package org.segmentij.deep.zoo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reader for the subset of YAML that BioImage Model Zoo rdf.yaml files use: block mappings
 * and sequences by indentation, flow sequences {@code [a, b]} and flow mappings
 * {@code {k: v}}, plain, single- and double-quoted scalars, comments, and folded/literal block
 * scalars ({@code >} and {@code |}, read as text). Scalars stay strings; anchors, tags and
 * multiple documents are not supported. Gives Maps (insertion order), Lists and Strings.
 */
public final class Yaml {

	private final List<String> lines = new ArrayList<>();
	private int pos;

	private Yaml(String text) {
		for (String l : text.replace("\r\n", "\n").split("\n", -1)) {
			String s = stripComment(l);
			if (s.isBlank() || s.trim().equals("---"))
				lines.add(null);
			else
				lines.add(s.stripTrailing());
		}
	}

	/** Parses a document; throws IllegalArgumentException with a line number on what it cannot read. */
	public static Object parse(String text) {
		Yaml y = new Yaml(text);
		y.skipBlank();
		if (y.pos >= y.lines.size())
			return new LinkedHashMap<String, Object>();
		try {
			return y.block(indent(y.lines.get(y.pos)));
		}
		catch (IndexOutOfBoundsException e) { // a flow collection or quote left open runs off its line
			throw new IllegalArgumentException("malformed YAML at line " + Math.min(y.pos + 1, y.lines.size())
					+ " (an unclosed [, { or quote?)", e);
		}
	}

	private void skipBlank() {
		while (pos < lines.size() && lines.get(pos) == null)
			pos++;
	}

	private static int indent(String l) {
		int i = 0;
		while (i < l.length() && l.charAt(i) == ' ')
			i++;
		return i;
	}

	private Object block(int ind) {
		skipBlank();
		String l = lines.get(pos);
		if (l.trim().startsWith("- ") || l.trim().equals("-"))
			return sequence(ind);
		return mapping(ind);
	}

	private List<Object> sequence(int ind) {
		List<Object> out = new ArrayList<>();
		while (true) {
			skipBlank();
			if (pos >= lines.size())
				return out;
			String l = lines.get(pos);
			int i = indent(l);
			if (i < ind || !(l.trim().startsWith("- ") || l.trim().equals("-")))
				return out;
			if (i > ind)
				throw error("unexpected indentation");
			String rest = l.substring(i + 1);
			int inner = i + 1 + indent(rest);
			rest = rest.trim();
			if (rest.isEmpty()) {
				pos++;
				out.add(block(nextIndent(ind)));
			}
			else if (isKeyLine(rest) && !rest.startsWith("{") && !rest.startsWith("[")) {
				// "- key: value" starts a mapping at the item's indentation
				lines.set(pos, " ".repeat(inner) + rest);
				out.add(mapping(inner));
			}
			else {
				pos++;
				out.add(scalarOrFlow(rest));
			}
		}
	}

	private int nextIndent(int parent) {
		skipBlank();
		if (pos >= lines.size())
			return parent + 1;
		int i = indent(lines.get(pos));
		if (i <= parent && !lines.get(pos).trim().startsWith("-"))
			throw error("expected an indented block");
		return i;
	}

	private Map<String, Object> mapping(int ind) {
		Map<String, Object> out = new LinkedHashMap<>();
		while (true) {
			skipBlank();
			if (pos >= lines.size())
				return out;
			String l = lines.get(pos);
			int i = indent(l);
			if (i < ind)
				return out;
			if (i > ind)
				throw error("unexpected indentation");
			String t = l.trim();
			if (t.startsWith("- "))
				return out;
			int c = keyColon(t);
			if (c < 0)
				throw error("expected 'key: value'");
			String key = unquote(t.substring(0, c).trim());
			String rest = t.substring(c + 1).trim();
			pos++;
			if (rest.isEmpty()) {
				skipBlank();
				if (pos < lines.size() && (indent(lines.get(pos)) > ind
						|| (indent(lines.get(pos)) == ind && lines.get(pos).trim().startsWith("- "))))
					out.put(key, block(indent(lines.get(pos))));
				else
					out.put(key, null);
			}
			else if (rest.equals("|") || rest.equals(">") || rest.matches("[|>][-+]?"))
				out.put(key, blockScalar(ind, rest.charAt(0) == '>'));
			else
				out.put(key, scalarOrFlow(rest));
		}
	}

	private String blockScalar(int ind, boolean folded) {
		StringBuilder sb = new StringBuilder();
		while (pos < lines.size()) {
			String l = lines.get(pos);
			if (l != null && indent(l) <= ind)
				break;
			if (sb.length() > 0)
				sb.append(folded ? " " : "\n");
			sb.append(l == null ? "" : l.trim());
			pos++;
		}
		return sb.toString().trim();
	}

	private static boolean isKeyLine(String t) {
		return keyColon(t) > 0;
	}

	/** Index of the colon that ends a key (followed by a space or the end), outside quotes; -1 if none. */
	private static int keyColon(String t) {
		char q = 0;
		for (int i = 0; i < t.length(); i++) {
			char ch = t.charAt(i);
			if (q != 0) {
				if (ch == q)
					q = 0;
			}
			else if ((ch == '"' || ch == '\'') && i == 0)
				q = ch;
			else if (ch == '[' || ch == '{')
				return -1;
			else if (ch == ':' && (i + 1 == t.length() || t.charAt(i + 1) == ' '))
				return i;
		}
		return -1;
	}

	private Object scalarOrFlow(String s) {
		if (s.startsWith("[") || s.startsWith("{")) {
			StringBuilder sb = new StringBuilder(s);
			while (!balanced(sb) && pos < lines.size()) { // flow collections may span lines
				String l = lines.get(pos++);
				if (l != null)
					sb.append(' ').append(l.trim());
			}
			int[] at = { 0 };
			Object v = flow(sb.toString(), at);
			return v;
		}
		return unquote(s);
	}

	private static boolean balanced(CharSequence s) {
		int depth = 0;
		char q = 0;
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (q != 0) {
				if (c == q)
					q = 0;
			}
			else if (c == '"' || c == '\'')
				q = c;
			else if (c == '[' || c == '{')
				depth++;
			else if (c == ']' || c == '}')
				depth--;
		}
		return depth <= 0;
	}

	private Object flow(String s, int[] at) {
		skipSpaces(s, at);
		char c = s.charAt(at[0]);
		if (c == '[') {
			at[0]++;
			List<Object> list = new ArrayList<>();
			skipSpaces(s, at);
			if (s.charAt(at[0]) == ']') {
				at[0]++;
				return list;
			}
			while (true) {
				list.add(flow(s, at));
				skipSpaces(s, at);
				char d = s.charAt(at[0]++);
				if (d == ']')
					return list;
				if (d != ',')
					throw error("expected ',' or ']' in " + s);
			}
		}
		if (c == '{') {
			at[0]++;
			Map<String, Object> map = new LinkedHashMap<>();
			skipSpaces(s, at);
			if (s.charAt(at[0]) == '}') {
				at[0]++;
				return map;
			}
			while (true) {
				String key = flowScalar(s, at, true);
				skipSpaces(s, at);
				if (s.charAt(at[0]++) != ':')
					throw error("expected ':' in " + s);
				map.put(key, flow(s, at));
				skipSpaces(s, at);
				char d = s.charAt(at[0]++);
				if (d == '}')
					return map;
				if (d != ',')
					throw error("expected ',' or '}' in " + s);
			}
		}
		return flowScalar(s, at, false);
	}

	private static void skipSpaces(String s, int[] at) {
		while (at[0] < s.length() && s.charAt(at[0]) == ' ')
			at[0]++;
	}

	private static String flowScalar(String s, int[] at, boolean key) {
		skipSpaces(s, at);
		int start = at[0];
		char c = s.charAt(start);
		if (c == '"' || c == '\'') {
			int end = s.indexOf(c, start + 1);
			at[0] = end + 1;
			return s.substring(start + 1, end);
		}
		while (at[0] < s.length()) {
			char d = s.charAt(at[0]);
			if (d == ',' || d == ']' || d == '}' || (key && d == ':'))
				break;
			at[0]++;
		}
		return s.substring(start, at[0]).trim();
	}

	private static String unquote(String s) {
		s = s.trim();
		if (s.length() >= 2 && ((s.startsWith("\"") && s.endsWith("\"")) || (s.startsWith("'") && s.endsWith("'"))))
			return s.substring(1, s.length() - 1);
		if (s.equals("null") || s.equals("~"))
			return null;
		return s;
	}

	private static String stripComment(String l) {
		char q = 0;
		for (int i = 0; i < l.length(); i++) {
			char c = l.charAt(i);
			if (q != 0) {
				if (c == q)
					q = 0;
			}
			else if (c == '"' || c == '\'')
				q = c;
			else if (c == '#' && (i == 0 || l.charAt(i - 1) == ' '))
				return l.substring(0, i);
		}
		return l;
	}

	private IllegalArgumentException error(String what) {
		return new IllegalArgumentException("YAML line " + (pos + 1) + ": " + what);
	}
}
