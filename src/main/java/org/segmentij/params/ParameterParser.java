package org.segmentij.params;

import java.io.File;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.scijava.ItemIO;
import org.scijava.module.Module;
import org.scijava.module.ModuleInfo;
import org.scijava.module.ModuleItem;
import org.segmentij.UsageException;

/**
 * The one place where parameter text becomes typed, validated values: the command line's
 * {@code --param key=value}, ImageJ macro options ({@code run("Otsu Threshold", "key=value")})
 * and dialogs all come through here, so a value accepted in one is accepted in all.
 */
public final class ParameterParser {

	private ParameterParser() {
	}

	/**
	 * Name of a command's main image input (the image the technique runs on). Other
	 * {@code ImagePlus} inputs are image parameters: their text is a reference to an image (an
	 * open image's title in ImageJ, a file on the command line), resolved by the caller.
	 */
	public static final String MAIN_IMAGE = "input";

	/** Words that stand for "no image" as the value of an image parameter. */
	public static boolean isNoImage(String text) {
		String t = text == null ? "" : text.trim();
		return t.isEmpty() || t.equalsIgnoreCase("none") || t.equalsIgnoreCase("[none]");
	}

	/** Types a user can set as text. Images and services are filled in by the caller or by SciJava. */
	public static boolean isUserType(Class<?> type) {
		return type.isPrimitive() || Number.class.isAssignableFrom(type) || type == Boolean.class
				|| type == String.class || type == File.class || type.isEnum();
	}

	/** The user-settable inputs of a SciJava command, with defaults read from a fresh instance. */
	public static List<ParameterSpec> specs(ModuleInfo info) {
		Module module;
		try {
			module = info.createModule();
		}
		catch (Exception e) {
			throw new IllegalStateException("Cannot instantiate " + info.getDelegateClassName() + ": " + e, e);
		}
		List<ParameterSpec> specs = new ArrayList<>();
		for (ModuleItem<?> item : info.inputs()) {
			if (item.getIOType() == ItemIO.OUTPUT)
				continue;
			boolean image = item.getType() == ij.ImagePlus.class && !item.getName().equals(MAIN_IMAGE);
			if (!image && !isUserType(item.getType()))
				continue;
			Object def = image ? null : item.getValue(module);
			List<String> choices = item.getChoices() == null ? new ArrayList<>()
					: item.getChoices().stream().map(String::valueOf).collect(Collectors.toList());
			if (item.getType().isEnum() && choices.isEmpty())
				for (Object c : item.getType().getEnumConstants())
					choices.add(c.toString());
			String label = item.getLabel() == null || item.getLabel().isBlank() ? item.getName() : item.getLabel();
			specs.add(new ParameterSpec(item.getName(), label, item.getType(), def, toDouble(item.getMinimumValue()),
					toDouble(item.getMaximumValue()), choices, item.getDescription()));
		}
		return specs;
	}

	private static Double toDouble(Object o) {
		if (o instanceof Number n)
			return n.doubleValue();
		if (o instanceof String s && !s.isBlank()) {
			try {
				return Double.parseDouble(s.trim());
			}
			catch (NumberFormatException e) {
				return null;
			}
		}
		return null;
	}

	/**
	 * Typed values for every parameter: the given text where present, the default elsewhere.
	 *
	 * @param technique the technique's id, for messages
	 * @throws UsageException naming the parameter, the problem and an example, for an unknown key,
	 *                        an unparsable value, a value out of range or not among the choices
	 */
	public static Map<String, Object> parse(String technique, List<ParameterSpec> specs, Map<String, String> given) {
		Map<String, ParameterSpec> byKey = new LinkedHashMap<>();
		for (ParameterSpec s : specs)
			byKey.put(s.key(), s);
		for (String key : given.keySet())
			if (!byKey.containsKey(key))
				throw new UsageException("Unknown parameter '" + key + "' for " + technique + ". "
						+ (byKey.isEmpty() ? technique + " takes no parameters."
								: "Its parameters are: " + String.join(", ", byKey.keySet()) + "."));
		Map<String, Object> values = new LinkedHashMap<>();
		for (ParameterSpec s : specs) {
			String text = given.get(s.key());
			Object v = text == null ? s.defaultValue() : convert(technique, s, text);
			if (v == null && !s.isBoolean() && !s.isImage() && !s.type().equals(String.class) && !s.type().equals(File.class))
				throw new UsageException("Parameter '" + s.key() + "' of " + technique + " is required. Example: " + s.example());
			values.put(s.key(), v);
		}
		return values;
	}

	/** Converts one value, checking type, range and choices. */
	public static Object convert(String technique, ParameterSpec s, String text) {
		String t = text.trim();
		String where = "Parameter '" + s.key() + "' of " + technique;
		if (s.isBoolean()) {
			switch (t.toLowerCase(Locale.ROOT)) {
				case "true", "yes", "on", "1", "":
					return Boolean.TRUE;
				case "false", "no", "off", "0":
					return Boolean.FALSE;
				default:
					throw new UsageException(where + " must be true or false, got '" + text + "'. Example: " + s.example());
			}
		}
		if (s.isNumber()) {
			double d;
			try {
				d = parseNumber(t);
			}
			catch (NumberFormatException e) {
				throw new UsageException(where + " must be " + (s.isInteger() ? "a whole number" : "a number")
						+ ", got '" + text + "'. Example: " + s.example());
			}
			if (Double.isNaN(d))
				throw new UsageException(where + " must be a number, got NaN. Example: " + s.example());
			if (s.isInteger() && (d != Math.rint(d) || Double.isInfinite(d)))
				throw new UsageException(where + " must be a whole number, got '" + text + "'. Example: " + s.example());
			if (s.min() != null && d < s.min() || s.max() != null && d > s.max())
				throw new UsageException(where + " must be " + rangeText(s) + ", got '" + text + "'. Example: " + s.example());
			Class<?> ty = s.type();
			if (ty == int.class || ty == Integer.class) {
				if (d > Integer.MAX_VALUE || d < Integer.MIN_VALUE)
					throw new UsageException(where + " is too large: '" + text + "'.");
				return (int) d;
			}
			if (ty == long.class || ty == Long.class)
				return (long) d;
			if (ty == short.class || ty == Short.class)
				return (short) d;
			if (ty == byte.class || ty == Byte.class)
				return (byte) d;
			if (ty == float.class || ty == Float.class)
				return (float) d;
			return d;
		}
		if (s.type().isEnum()) {
			for (Object c : s.type().getEnumConstants())
				if (c.toString().equalsIgnoreCase(t) || ((Enum<?>) c).name().equalsIgnoreCase(t))
					return c;
			throw new UsageException(where + " must be one of " + String.join(", ", s.choices()) + ", got '" + text + "'.");
		}
		if (!s.choices().isEmpty()) {
			for (String c : s.choices())
				if (c.equalsIgnoreCase(t))
					return c;
			throw new UsageException(where + " must be one of " + String.join(", ", s.choices()) + ", got '" + text + "'.");
		}
		if (s.type() == File.class)
			return new File(t);
		if (s.isImage()) // a reference (title or file), resolved by whoever runs the technique
			return isNoImage(t) ? null : t;
		return text;
	}

	private static double parseNumber(String t) {
		switch (t.toLowerCase(Locale.ROOT)) {
			case "inf", "+inf", "infinity", "+infinity":
				return Double.POSITIVE_INFINITY;
			case "-inf", "-infinity":
				return Double.NEGATIVE_INFINITY;
			default:
				return Double.parseDouble(t);
		}
	}

	private static String rangeText(ParameterSpec s) {
		if (s.min() != null && s.max() != null)
			return "between " + format(s.min()) + " and " + format(s.max());
		if (s.min() != null)
			return "at least " + format(s.min());
		return "at most " + format(s.max());
	}

	/** Parses {@code key=value} words (the command line's --param values). */
	public static Map<String, String> parseAssignments(Collection<String> assignments) {
		Map<String, String> map = new LinkedHashMap<>();
		if (assignments == null)
			return map;
		for (String a : assignments) {
			int eq = a.indexOf('=');
			if (eq <= 0)
				throw new UsageException("--param needs key=value, got '" + a + "'. Example: --param threshold=128");
			String key = a.substring(0, eq).trim();
			if (map.containsKey(key))
				throw new UsageException("Parameter '" + key + "' is given twice.");
			map.put(key, a.substring(eq + 1));
		}
		return map;
	}

	/** Text form of a value: integers without decimals, doubles in shortest round-trip form. */
	public static String format(Object v) {
		if (v == null)
			return "";
		if (v instanceof Double || v instanceof Float) {
			double d = ((Number) v).doubleValue();
			if (Double.isInfinite(d))
				return d > 0 ? "Infinity" : "-Infinity";
			if (d == Math.rint(d) && Math.abs(d) < 1e15)
				return Long.toString((long) d);
			return v instanceof Float ? Float.toString((Float) v) : Double.toString(d);
		}
		return v.toString();
	}
}
