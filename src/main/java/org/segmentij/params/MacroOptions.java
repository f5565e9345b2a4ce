package org.segmentij.params;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.segmentij.UsageException;

/**
 * ImageJ 1 macro option strings, as {@code run("Otsu Threshold", "threshold=12 dark_objects")}
 * passes them: {@code key=value}, {@code key=[value with spaces]}, and a bare {@code key} for a
 * checked checkbox. As in ImageJ 1, a checkbox that is not named is unchecked.
 */
public final class MacroOptions {

	private MacroOptions() {
	}

	/** Splits an option string into keys and text values; a bare key becomes "true". */
	public static Map<String, String> split(String options) {
		Map<String, String> map = new LinkedHashMap<>();
		if (options == null)
			return map;
		String s = options.trim();
		int i = 0, n = s.length();
		while (i < n) {
			while (i < n && Character.isWhitespace(s.charAt(i)))
				i++;
			if (i >= n)
				break;
			int start = i;
			while (i < n && s.charAt(i) != '=' && !Character.isWhitespace(s.charAt(i)))
				i++;
			String key = s.substring(start, i).toLowerCase(java.util.Locale.ROOT);
			if (i < n && s.charAt(i) == '=') {
				i++;
				String value;
				if (i < n && s.charAt(i) == '[') {
					int depth = 1, j = i + 1;
					while (j < n && depth > 0) {
						if (s.charAt(j) == '[')
							depth++;
						else if (s.charAt(j) == ']')
							depth--;
						j++;
					}
					if (depth != 0)
						throw new UsageException("Macro options: the value of '" + key + "' opens '[' but never closes it: " + options);
					value = s.substring(i + 1, j - 1);
					i = j;
				}
				else if (i < n && s.charAt(i) == '\'') {
					int j = s.indexOf('\'', i + 1);
					if (j < 0)
						throw new UsageException("Macro options: the value of '" + key + "' opens a quote but never closes it: " + options);
					value = s.substring(i + 1, j);
					i = j + 1;
				}
				else {
					int j = i;
					while (j < n && !Character.isWhitespace(s.charAt(j)))
						j++;
					value = s.substring(i, j);
					i = j;
				}
				map.put(key, value);
			}
			else
				map.put(key, "true");
		}
		return map;
	}

	/**
	 * Text values for the technique's parameters from a macro option string: named ones as
	 * given, checkboxes not named as "false" (ImageJ 1's rule), others left to their default.
	 */
	public static Map<String, String> values(List<ParameterSpec> specs, String options) {
		Map<String, String> given = split(options);
		for (ParameterSpec s : specs)
			if (s.isBoolean() && !given.containsKey(s.key()))
				given.put(s.key(), "false");
		return given;
	}

	/** The option string ImageJ's Recorder writes for these values; it replays to the same values. */
	public static String format(List<ParameterSpec> specs, Map<String, Object> values) {
		StringBuilder sb = new StringBuilder();
		for (ParameterSpec s : specs) {
			Object v = values.get(s.key());
			if (s.isBoolean()) {
				if (Boolean.TRUE.equals(v))
					append(sb, s.key());
				continue;
			}
			if (v == null)
				continue;
			append(sb, s.key() + "=" + quote(ParameterParser.format(v)));
		}
		return sb.toString();
	}

	static String quote(String v) {
		return v.isEmpty() || v.chars().anyMatch(Character::isWhitespace) ? "[" + v + "]" : v;
	}

	private static void append(StringBuilder sb, String word) {
		if (sb.length() > 0)
			sb.append(' ');
		sb.append(word);
	}
}
