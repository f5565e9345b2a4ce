package org.segmentij.deep.prompt;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.segmentij.InputException;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * What a SAM-family model folder's {@code sam.json} says (format version 1). Example, with the
 * values of Meta's Segment Anything (every field but {@code format_version}, {@code encoder} and
 * {@code decoder} may be left out, and then has the value shown):
 *
 * <pre>
 * {
 *   "format": "segmentij-sam",
 *   "format_version": 1,
 *   "name": "mobile-sam",                  // default: the folder name
 *   "description": "",
 *   "encoder": "encoder.pt",               // TorchScript: [1,3,S,S] normalised, padded image -> [1,C,h,w] embedding
 *   "decoder": "decoder.pt",               // TorchScript with SAM's ONNX-style decoder signature
 *   "input_size": 1024,                    // S: the longest side is resized to S, then padded to S x S
 *   "pixel_mean": [123.675, 116.28, 103.53],   // RGB, on a 0..255 scale
 *   "pixel_std": [58.395, 57.12, 57.375],
 *   "input_range": "auto",                 // auto: 8-bit values as they are, other images min..max -> 0..255;
 *                                          // "as_is": values used as they are; "min_max": always scaled
 *   "gray_to_rgb": "replicate",            // a gray image is the same plane in R, G and B
 *   "embedding_shape": [256, 64, 64],      // C, h, w of the encoder's output
 *   "mask_input_size": 256,                // the side of mask_input and low_res_masks
 *   "decoder_inputs": ["image_embeddings", "point_coords", "point_labels", "mask_input", "has_mask_input", "orig_im_size"],
 *   "decoder_outputs": ["masks", "iou_predictions", "low_res_masks"],
 *   "mask_threshold": 0.0,                 // logit at which a pixel is in the mask
 *   "mask_selection": "best_iou"           // which of K masks: the highest predicted IoU, or "sam":
 *                                          // SAM's rule (one click or a box alone: best of masks 1..K-1, else mask 0)
 * }
 * </pre>
 *
 * {@code decoder_inputs} and {@code decoder_outputs} give the order of the decoder's positional
 * arguments and of its output tuple; each must name all six inputs (three outputs) once.
 */
public record SamConfig(String name, String description, String encoder, String decoder, int inputSize, double[] pixelMean,
		double[] pixelStd, InputRange inputRange, int[] embeddingShape, int maskInputSize, List<String> decoderInputs,
		List<String> decoderOutputs, double maskThreshold, MaskSelection maskSelection) {

	/** The file every SAM-family model folder has. */
	public static final String JSON = "sam.json";
	public static final int FORMAT_VERSION = 1;
	/** SAM's decoder inputs, in the order of its ONNX export. */
	public static final List<String> SAM_INPUTS = List.of("image_embeddings", "point_coords", "point_labels", "mask_input",
			"has_mask_input", "orig_im_size");
	/** SAM's decoder outputs, in the order of its ONNX export. */
	public static final List<String> SAM_OUTPUTS = List.of("masks", "iou_predictions", "low_res_masks");

	/** How image values are brought to the 0..255 scale of pixel_mean and pixel_std. */
	public enum InputRange {
		/** 8-bit images (values 0..255) as they are, other images scaled from their min..max to 0..255. */
		AUTO,
		/** Values used as they are (the image is already on a 0..255 scale). */
		AS_IS,
		/** Every image scaled from its min..max to 0..255. */
		MIN_MAX
	}

	/** Which of the decoder's K masks is kept. */
	public enum MaskSelection {
		/** The mask with the highest predicted IoU. */
		BEST_IOU,
		/**
		 * SAM's rule for its 1 + 3 masks (return_single_mask in its ONNX export): with at most two
		 * decoder points (one click and the padding point, or a box alone) the best of masks
		 * 1..K-1 by IoU (the ambiguity-aware ones), otherwise mask 0.
		 */
		SAM
	}

	/** Position of a decoder input (one of {@link #SAM_INPUTS}) in the decoder's arguments. */
	public int inputIndex(String input) {
		return decoderInputs.indexOf(input);
	}

	/** Position of a decoder output (one of {@link #SAM_OUTPUTS}) in the decoder's output tuple. */
	public int outputIndex(String output) {
		return decoderOutputs.indexOf(output);
	}

	/** Reads and checks {@code dir/sam.json}; an InputException naming the field and the fix when it is wrong. */
	public static SamConfig read(Path dir) {
		Path json = dir.resolve(JSON);
		if (!Files.isRegularFile(json))
			throw new InputException(dir + " has no " + JSON + "; it is not a SAM-family model folder (see README, SAM-family models).");
		JsonObject o;
		try (Reader r = Files.newBufferedReader(json, StandardCharsets.UTF_8)) {
			JsonElement e = JsonParser.parseReader(r);
			if (!e.isJsonObject())
				throw new InputException(json + " must hold one JSON object {...}.");
			o = e.getAsJsonObject();
		}
		catch (IOException e) {
			throw new InputException("Cannot read " + json + ": " + e.getMessage(), e);
		}
		catch (JsonParseException e) {
			throw new InputException(json + " is not valid JSON (" + e.getMessage() + "); fix the file.", e);
		}
		Fields f = new Fields(json, o);
		if (o.has("format") && !"segmentij-sam".equals(f.text("format", null)))
			throw new InputException(json + ": format is '" + f.text("format", null) + "'; a SAM-family model says \"segmentij-sam\".");
		if (!o.has("format_version"))
			throw new InputException(json + " lacks \"format_version\"; add \"format_version\": " + FORMAT_VERSION + ".");
		int version = f.integer("format_version", 0);
		if (version != FORMAT_VERSION)
			throw new InputException(json + ": format_version " + version + " is not supported (this SegmentIJ reads version "
					+ FORMAT_VERSION + "); update SegmentIJ or write a version " + FORMAT_VERSION + " file.");
		String name = f.text("name", dir.toAbsolutePath().normalize().getFileName().toString());
		String description = f.text("description", "");
		String encoder = f.file("encoder", dir);
		String decoder = f.file("decoder", dir);
		int size = f.integer("input_size", 1024);
		if (size < 16)
			throw new InputException(json + ": input_size must be >= 16 (got " + size + "); SAM uses 1024.");
		double[] mean = f.triple("pixel_mean", new double[] { 123.675, 116.28, 103.53 });
		double[] std = f.triple("pixel_std", new double[] { 58.395, 57.12, 57.375 });
		for (double s : std)
			if (!(s > 0) || Double.isInfinite(s))
				throw new InputException(json + ": pixel_std must be 3 positive numbers (got " + Arrays.toString(std)
						+ "); SAM uses [58.395, 57.12, 57.375].");
		for (double m : mean)
			if (!Double.isFinite(m))
				throw new InputException(json + ": pixel_mean must be 3 finite numbers (got " + Arrays.toString(mean) + ").");
		String range = f.text("input_range", "auto").toLowerCase(Locale.ROOT);
		InputRange inputRange = switch (range) {
		case "auto" -> InputRange.AUTO;
		case "as_is" -> InputRange.AS_IS;
		case "min_max" -> InputRange.MIN_MAX;
		default -> throw new InputException(json + ": input_range '" + range + "' is unknown; use auto, as_is or min_max.");
		};
		String gray = f.text("gray_to_rgb", "replicate");
		if (!gray.equals("replicate"))
			throw new InputException(json + ": gray_to_rgb '" + gray
					+ "' is not supported; use \"replicate\" (a gray image is given as the same plane in R, G and B).");
		int[] emb = f.ints("embedding_shape", new int[] { 256, 64, 64 });
		if (emb.length != 3 || emb[0] < 1 || emb[1] < 1 || emb[2] < 1)
			throw new InputException(json + ": embedding_shape must be 3 positive integers C, h, w (got " + Arrays.toString(emb)
					+ "); SAM's is [256, 64, 64].");
		int maskSize = f.integer("mask_input_size", 256);
		if (maskSize < 1)
			throw new InputException(json + ": mask_input_size must be >= 1 (got " + maskSize + "); SAM's is 256.");
		List<String> ins = f.names("decoder_inputs", SAM_INPUTS);
		List<String> outs = f.names("decoder_outputs", SAM_OUTPUTS);
		double thr = f.number("mask_threshold", 0.0);
		if (!Double.isFinite(thr))
			throw new InputException(json + ": mask_threshold must be a finite number (a logit; SAM's is 0.0).");
		String sel = f.text("mask_selection", "best_iou").toLowerCase(Locale.ROOT);
		MaskSelection selection = switch (sel) {
		case "best_iou" -> MaskSelection.BEST_IOU;
		case "sam" -> MaskSelection.SAM;
		default -> throw new InputException(json + ": mask_selection '" + sel + "' is unknown; use best_iou or sam.");
		};
		return new SamConfig(name, description, encoder, decoder, size, mean, std, inputRange, emb, maskSize, ins, outs, thr,
				selection);
	}

	/** Typed access to the fields of one sam.json, with messages that name the field. */
	private record Fields(Path json, JsonObject o) {

		String text(String key, String dflt) {
			JsonElement e = o.get(key);
			if (e == null || e.isJsonNull())
				return dflt;
			if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString())
				throw new InputException(json + ": \"" + key + "\" must be text (got " + e + ").");
			return e.getAsString();
		}

		String file(String key, Path dir) {
			String name = text(key, null);
			if (name == null || name.isBlank())
				throw new InputException(json + " lacks \"" + key + "\" (the " + key + "'s TorchScript file name, e.g. \"" + key
						+ ".pt\").");
			Path p = dir.resolve(name);
			if (!Files.isRegularFile(p))
				throw new InputException("The SAM model " + dir + " lacks its " + key + " file " + name + " (" + p
						+ "); copy the whole folder, or fix \"" + key + "\" in " + JSON + ".");
			return name;
		}

		double number(String key, double dflt) {
			JsonElement e = o.get(key);
			if (e == null || e.isJsonNull())
				return dflt;
			if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber())
				throw new InputException(json + ": \"" + key + "\" must be a number (got " + e + ").");
			return e.getAsDouble();
		}

		int integer(String key, int dflt) {
			double d = number(key, dflt);
			if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE)
				throw new InputException(json + ": \"" + key + "\" must be an integer (got " + o.get(key) + ").");
			return (int) d;
		}

		private JsonArray array(String key) {
			JsonElement e = o.get(key);
			if (e == null || e.isJsonNull())
				return null;
			if (!e.isJsonArray())
				throw new InputException(json + ": \"" + key + "\" must be a list [...] (got " + e + ").");
			return e.getAsJsonArray();
		}

		double[] triple(String key, double[] dflt) {
			JsonArray a = array(key);
			if (a == null)
				return dflt;
			if (a.size() != 3)
				throw new InputException(json + ": \"" + key + "\" must be 3 numbers (R, G, B on a 0..255 scale), got " + a + ".");
			double[] r = new double[3];
			for (int i = 0; i < 3; i++) {
				JsonElement e = a.get(i);
				if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber())
					throw new InputException(json + ": \"" + key + "\" must be 3 numbers, got " + a + ".");
				r[i] = e.getAsDouble();
			}
			return r;
		}

		int[] ints(String key, int[] dflt) {
			JsonArray a = array(key);
			if (a == null)
				return dflt;
			int[] r = new int[a.size()];
			for (int i = 0; i < r.length; i++) {
				JsonElement e = a.get(i);
				if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber() || e.getAsDouble() != Math.rint(e.getAsDouble()))
					throw new InputException(json + ": \"" + key + "\" must be a list of integers, got " + a + ".");
				r[i] = e.getAsInt();
			}
			return r;
		}

		List<String> names(String key, List<String> known) {
			JsonArray a = array(key);
			if (a == null)
				return known;
			List<String> r = new ArrayList<>();
			for (JsonElement e : a) {
				if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString())
					throw new InputException(json + ": \"" + key + "\" must be a list of names, got " + a + ".");
				String n = e.getAsString();
				if (!known.contains(n))
					throw new InputException(json + ": \"" + key + "\" names '" + n + "', which is not one of " + known
							+ "; list SAM's names in the order the decoder takes (gives) them.");
				if (r.contains(n))
					throw new InputException(json + ": \"" + key + "\" names '" + n + "' twice.");
				r.add(n);
			}
			if (r.size() != known.size()) {
				List<String> missing = new ArrayList<>(known);
				missing.removeAll(r);
				throw new InputException(json + ": \"" + key + "\" lacks " + missing + "; the decoder must have SAM's "
						+ (known == SAM_INPUTS ? "inputs " : "outputs ") + known + " (in any order, listed here).");
			}
			return List.copyOf(r);
		}
	}
}
