package org.segmentij.params;

import java.util.List;

/**
 * One user-settable parameter of a technique, as the command line, macros and dialogs see it.
 *
 * @param key          the name used in macros ({@code key=value}) and on the command line
 *                     ({@code --param key=value}); the SciJava parameter name
 * @param label        human label for dialogs
 * @param type         the Java type (boolean, int, long, float, double, String or an enum)
 * @param defaultValue the value used when the parameter is not given (may be null)
 * @param min          inclusive lower bound for numbers, or null
 * @param max          inclusive upper bound for numbers, or null
 * @param choices      allowed values for a String choice (empty when free)
 * @param description  one sentence for help texts and {@code list}
 */
public record ParameterSpec(String key, String label, Class<?> type, Object defaultValue, Double min, Double max,
		List<String> choices, String description) {

	public ParameterSpec {
		choices = choices == null ? List.of() : List.copyOf(choices);
		description = description == null ? "" : description;
	}

	public boolean isBoolean() {
		return type == boolean.class || type == Boolean.class;
	}

	public boolean isInteger() {
		return type == int.class || type == Integer.class || type == long.class || type == Long.class
				|| type == short.class || type == Short.class || type == byte.class || type == Byte.class;
	}

	public boolean isNumber() {
		return isInteger() || type == double.class || type == Double.class || type == float.class || type == Float.class;
	}

	/** An image parameter (a second image, such as an intensity image): its text names an image. */
	public boolean isImage() {
		return type == ij.ImagePlus.class;
	}

	/** A short type name for help texts and JSON: boolean, integer, number, choice, text. */
	public String typeName() {
		if (isBoolean())
			return "boolean";
		if (isInteger())
			return "integer";
		if (isNumber())
			return "number";
		if (!choices.isEmpty())
			return "choice";
		if (isImage())
			return "image";
		return "text";
	}

	/** An example {@code key=value} for error messages. */
	public String example() {
		if (isBoolean())
			return key + "=true";
		if (isImage())
			return key + "=cells.tif";
		Object v = defaultValue;
		if (v == null && !choices.isEmpty())
			v = choices.get(0);
		if (v == null && min != null)
			v = ParameterParser.format(isInteger() ? (Object) min.longValue() : min);
		return key + "=" + (v == null ? "..." : ParameterParser.format(v));
	}
}
