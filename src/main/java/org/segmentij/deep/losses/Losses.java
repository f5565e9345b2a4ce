package org.segmentij.deep.losses;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.segmentij.UsageException;

/**
 * Parses loss specs for the command line: terms joined by '+', each {@code [weight*]name[(k=v,...)]}.
 * <pre>
 * ce                        cross-entropy        weights=1/4/2 (one per class), ignore=255
 * dice                      soft Dice            smooth=1, background=false
 * jaccard | iou             soft Jaccard         smooth=1, background=false
 * tversky                   Tversky              alpha=0.5, beta=0.5, smooth=1, background=false
 * focal                     focal                gamma=2, alpha=-1 (none)
 * </pre>
 * Examples: {@code "dice+ce"}, {@code "0.5*dice+ce(weights=1/3)"},
 * {@code "focal(gamma=2,alpha=0.25)+tversky(alpha=0.3,beta=0.7)"}. A single term gives that loss,
 * several a {@link WeightedSumLoss}.
 */
public final class Losses {
	private Losses() {
	}

	public static final List<String> NAMES = List.of("ce", "dice", "jaccard", "iou", "tversky", "focal");

	public static SegLoss parse(String spec) {
		return parse(spec, SegLoss.NO_IGNORE);
	}

	/** As {@link #parse(String)}, with a default ignore index for the terms that set none. */
	public static SegLoss parse(String spec, int ignoreIndex) {
		if (spec == null || spec.isBlank())
			throw new UsageException("empty loss; use e.g. loss=dice+ce");
		List<SegLoss> terms = new ArrayList<>();
		List<Double> weights = new ArrayList<>();
		for (String raw : splitTop(spec.trim())) {
			String t = raw.trim();
			double w = 1;
			int star = t.indexOf('*');
			int paren = t.indexOf('(');
			if (star >= 0 && (paren < 0 || star < paren)) {
				w = number(t.substring(0, star), "weight of '" + t + "'");
				t = t.substring(star + 1).trim();
				paren = t.indexOf('(');
			}
			String name = (paren < 0 ? t : t.substring(0, paren)).trim().toLowerCase(Locale.ROOT);
			Map<String, String> opts = new LinkedHashMap<>();
			if (paren >= 0) {
				if (!t.endsWith(")"))
					throw new UsageException("missing ')' in loss term '" + raw.trim() + "'");
				for (String kv : t.substring(paren + 1, t.length() - 1).split(",")) {
					if (kv.isBlank())
						continue;
					int eq = kv.indexOf('=');
					if (eq < 0)
						throw new UsageException("loss option '" + kv.trim() + "' in '" + raw.trim() + "' needs the form key=value");
					opts.put(kv.substring(0, eq).trim().toLowerCase(Locale.ROOT), kv.substring(eq + 1).trim());
				}
			}
			terms.add(term(name, opts, ignoreIndex, raw.trim()));
			weights.add(w);
		}
		if (terms.size() == 1 && weights.get(0) == 1)
			return terms.get(0);
		double[] ws = new double[weights.size()];
		for (int i = 0; i < ws.length; i++)
			ws[i] = weights.get(i);
		return new WeightedSumLoss(terms, ws);
	}

	private static SegLoss term(String name, Map<String, String> o, int defaultIgnore, String raw) {
		Map<String, String> opts = new LinkedHashMap<>(o);
		int ignore = opts.containsKey("ignore") ? (int) number(opts.remove("ignore"), "ignore") : defaultIgnore;
		SegLoss loss;
		switch (name) {
		case "ce":
		case "crossentropy":
		case "cross_entropy": {
			float[] w = null;
			String ws = opts.remove("weights");
			if (ws != null) {
				String[] parts = ws.split("[/; ]+");
				w = new float[parts.length];
				for (int i = 0; i < w.length; i++)
					w[i] = (float) number(parts[i], "ce weights");
			}
			loss = new CrossEntropyLoss(w, ignore);
			break;
		}
		case "dice":
		case "jaccard":
		case "iou":
		case "tversky": {
			OverlapLoss.Kind kind = name.equals("dice") ? OverlapLoss.Kind.DICE : name.equals("tversky") ? OverlapLoss.Kind.TVERSKY : OverlapLoss.Kind.JACCARD;
			double smooth = opts.containsKey("smooth") ? number(opts.remove("smooth"), "smooth") : 1;
			double alpha = 0.5, beta = 0.5;
			if (kind == OverlapLoss.Kind.TVERSKY) {
				alpha = opts.containsKey("alpha") ? number(opts.remove("alpha"), "alpha") : 0.5;
				beta = opts.containsKey("beta") ? number(opts.remove("beta"), "beta") : 0.5;
			}
			boolean bg = opts.containsKey("background") && bool(opts.remove("background"));
			loss = new OverlapLoss(kind, smooth, alpha, beta, bg, ignore);
			break;
		}
		case "focal": {
			double gamma = opts.containsKey("gamma") ? number(opts.remove("gamma"), "gamma") : 2;
			double alpha = opts.containsKey("alpha") ? number(opts.remove("alpha"), "alpha") : -1;
			loss = new FocalLoss(gamma, alpha, ignore);
			break;
		}
		default:
			throw new UsageException("unknown loss '" + name + "' in '" + raw + "'; use one of " + String.join(", ", NAMES) + ", joined by + (e.g. dice+ce)");
		}
		if (!opts.isEmpty())
			throw new UsageException("unknown option(s) " + opts.keySet() + " for loss '" + name + "'");
		return loss;
	}

	/** Splits on '+' outside parentheses. */
	private static List<String> splitTop(String s) {
		List<String> out = new ArrayList<>();
		int depth = 0, start = 0;
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (c == '(')
				depth++;
			else if (c == ')')
				depth--;
			else if (c == '+' && depth == 0 && i > start && !isExponent(s, i)) {
				out.add(s.substring(start, i));
				start = i + 1;
			}
		}
		out.add(s.substring(start));
		for (String t : out)
			if (t.isBlank())
				throw new UsageException("empty term in loss '" + s + "'; use e.g. dice+ce");
		return out;
	}

	private static boolean isExponent(String s, int plus) {
		return plus >= 2 && (s.charAt(plus - 1) == 'e' || s.charAt(plus - 1) == 'E') && Character.isDigit(s.charAt(plus - 2));
	}

	private static double number(String v, String what) {
		try {
			return Double.parseDouble(v.trim());
		} catch (NumberFormatException e) {
			throw new UsageException(what + " must be a number (got '" + v.trim() + "')");
		}
	}

	private static boolean bool(String v) {
		switch (v.trim().toLowerCase(Locale.ROOT)) {
		case "true":
		case "1":
		case "yes":
			return true;
		case "false":
		case "0":
		case "no":
			return false;
		default:
			throw new UsageException("expected true or false, got '" + v + "'");
		}
	}
}
