package org.segmentij.deep.infer;

import java.util.Locale;

import org.segmentij.UsageException;

/** What the translator applies to the network's raw output (over the channel axis for softmax). */
public enum Activation {
	NONE, SOFTMAX, SIGMOID;

	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static Activation parse(String s) {
		for (Activation a : values())
			if (a.key().equalsIgnoreCase(s))
				return a;
		throw new UsageException("Unknown output activation '" + s + "'; use none, softmax or sigmoid.");
	}
}
