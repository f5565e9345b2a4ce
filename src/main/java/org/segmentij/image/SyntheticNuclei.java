package org.segmentij.image;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.view.Views;

import org.segmentij.classical.filter.GaussianBlur;

/**
 * Seeded, deterministic generator of fluorescence-like nuclei images (2D or 3D) with exact
 * instance labels, for tests, benchmarks and demos.
 * <p>
 * The model, step by step:
 * <ol>
 * <li><b>Placement.</b> Nuclei are ellipses (2D) or ellipsoids (3D) with semi-axes
 * {@code a} uniform in [{@code radiusMin}, {@code radiusMax}], {@code b = a * U(0.6, 0.95)},
 * a random rotation in the xy plane and, in 3D, a z semi-axis
 * {@code c = zRadiusFactor * (a + b) / 2} (nuclei lie flat on the coverslip, so they are
 * rotated about z only). They are placed one by one by rejection sampling with at most
 * {@value #MAX_TRIES} tries each. With probability {@code touchingFraction} a nucleus is
 * placed touching (overlapping by 8-25% of the summed radii along the line between the
 * centres) a randomly chosen earlier one, such that each of the two keeps at least three
 * quarters of its ellipse in the label image; otherwise, and for
 * touching nuclei towards everything but their partner, it must keep a gap of at least
 * {@value #GAP} pixels to every other nucleus (tested on the pixel grid against the nucleus
 * grown by the gap). Every nucleus lies fully inside the image and does not reach the
 * outermost row/column/slice of pixels. A nucleus that cannot be placed is skipped, so
 * {@link Sample#count()} may be smaller than {@link Params#count()} in a crowded image. The
 * distance factor of touching placements runs from {@code touchMin} to {@code touchMax}
 * (defaults 0.75..0.92). With {@code clusters}, a touching nucleus may also touch or overlap
 * further nuclei (no gap to them), as long as every centre distance is at least {@code touchMin}
 * times the summed radii along the centre line and every nucleus keeps three quarters of its
 * ellipse; this gives chains and clusters of any size.</li>
 * <li><b>Labels.</b> A pixel belongs to a nucleus when its centre (integer coordinates) lies
 * inside the ellipse; a pixel inside several goes to the one with the smallest normalised
 * elliptic distance {@code (u/a)^2 + (v/b)^2 + (z/c)^2}. Labels are 1..count in placement
 * order; every label is non-empty. With {@code clusters}, a label split into pieces by nuclei
 * overlapping it from several sides keeps its largest face-connected piece; the others go to the
 * label they share the longest border with (or to the background), so every label is one
 * face-connected region. {@link Sample#nuclei()} lists the ellipses.</li>
 * <li><b>Photons.</b> Background {@code background} everywhere, plus per nucleus a brightness
 * uniform in [{@code brightnessMin}, {@code brightnessMax}] times a flat-topped radial
 * profile (dropping by {@code rimDrop}, 30% by default, at the rim) times a smooth texture (three random plane waves,
 * &plusmn;24% at most; none when {@code planeWaves} is false), and optionally times a smooth random field of standard deviation
 * {@code textureNoise} (blotchy texture, as in ../shared/bench-data's generator).</li>
 * <li><b>Optics.</b> Gaussian point spread function: blur with {@code blurSigma} in x and
 * y and, in 3D, {@value #Z_BLUR_FACTOR} &times; {@code blurSigma} in z (the axial PSF is
 * wider). Then multiplication by an illumination field, a linear gradient in a random
 * direction times a vignetting, rescaled to run exactly from {@code illuminationMin} to 1
 * (the same field on every slice).</li>
 * <li><b>Camera.</b> Poisson shot noise (when {@code poisson}; Knuth's method for means up
 * to 30, a rounded normal approximation above), plus {@code offset}, plus Gaussian read
 * noise of standard deviation {@code gaussianNoise}, rounded and clipped to 0..65535.</li>
 * </ol>
 * The same {@link Params} (seed included) give identical images and labels on every run and
 * any number of threads.
 */
public final class SyntheticNuclei {

	/** Placement tries per nucleus before it is skipped. */
	public static final int MAX_TRIES = 200;
	/** Minimum gap, in pixels, between nuclei that are not placed touching. */
	public static final double GAP = 4;
	/** Correlation length (Gaussian sigma, pixels) of the texture noise ({@link Params#textureNoise()}). */
	public static final double TEXTURE_SIGMA = 3;
	/** Axial blur sigma relative to {@link Params#blurSigma()} in 3D. */
	public static final double Z_BLUR_FACTOR = 1.5;

	private SyntheticNuclei() {
	}

	/**
	 * Generator settings. Use {@link #defaults2D} or {@link #defaults3D} and the
	 * {@code withX} methods to change single fields.
	 *
	 * @param width            image width in pixels (&ge; 1)
	 * @param height           image height in pixels (&ge; 1)
	 * @param depth            number of slices; 1 makes a 2D image
	 * @param count            number of nuclei to try to place (&ge; 0)
	 * @param radiusMin        smallest major semi-axis in pixels (&gt; 0)
	 * @param radiusMax        largest major semi-axis in pixels (&ge; radiusMin)
	 * @param zRadiusFactor    3D only: z semi-axis relative to the mean xy semi-axis (&gt; 0)
	 * @param touchingFraction probability that a nucleus is placed touching an earlier one (0..1)
	 * @param blurSigma        PSF sigma in pixels in x and y (&ge; 0; 0 = no blur)
	 * @param illuminationMin  darkest value of the illumination field (0 &lt; v &le; 1; 1 = flat)
	 * @param background       background photons per pixel (&ge; 0)
	 * @param brightnessMin    smallest nucleus brightness in photons above background (&ge; 0)
	 * @param brightnessMax    largest nucleus brightness (&ge; brightnessMin)
	 * @param gaussianNoise    read noise standard deviation in grey values (&ge; 0)
	 * @param poisson          whether to add Poisson shot noise
	 * @param offset           camera offset added after shot noise
	 * @param seed             random seed
	 * @param rimDrop          how much dimmer a nucleus is at its rim than at its centre (0..1; 0 = flat)
	 * @param textureNoise     standard deviation of a smooth random multiplicative texture of the nuclei
	 *                         (Gaussian noise blurred with sigma {@value #TEXTURE_SIGMA} pixels; 0 = none)
	 * @param planeWaves       whether nuclei get the texture of three random plane waves (the default)
	 * @param clusters         false: a touching nucleus touches its one partner and keeps the gap to
	 *                         all others; true: it may also touch or overlap further nuclei (clusters
	 *                         of any size), as long as every centre distance is at least
	 *                         {@code touchMin} times the summed radii along the line between the
	 *                         centres and every nucleus keeps three quarters of its ellipse
	 * @param touchMin         smallest centre distance of a touching placement, relative to the sum of
	 *                         the two radii along the line between the centres (&gt; 0)
	 * @param touchMax         largest such distance (&ge; touchMin, &le; 1.2; 1 = the ellipses just meet)
	 */
	public record Params(long width, long height, long depth, int count, double radiusMin, double radiusMax,
			double zRadiusFactor, double touchingFraction, double blurSigma, double illuminationMin,
			double background, double brightnessMin, double brightnessMax, double gaussianNoise, boolean poisson,
			double offset, long seed, double rimDrop, double textureNoise, boolean planeWaves, boolean clusters,
			double touchMin, double touchMax) {

		/** The names {@link #preset} knows. */
		public static final java.util.List<String> PRESETS = java.util.List.of("default", "fluorescence-touching");

		/** With plane-wave texture and the original placement: one partner per touching nucleus at 0.75..0.92 of the summed radii. */
		public Params(long width, long height, long depth, int count, double radiusMin, double radiusMax,
				double zRadiusFactor, double touchingFraction, double blurSigma, double illuminationMin,
				double background, double brightnessMin, double brightnessMax, double gaussianNoise, boolean poisson,
				double offset, long seed, double rimDrop, double textureNoise) {
			this(width, height, depth, count, radiusMin, radiusMax, zRadiusFactor, touchingFraction, blurSigma,
					illuminationMin, background, brightnessMin, brightnessMax, gaussianNoise, poisson, offset, seed, rimDrop,
					textureNoise, true, false, 0.75, 0.92);
		}

		/** Validates all fields; throws {@link IllegalArgumentException} naming the bad one. */
		public Params {
			if (width < 1 || height < 1 || depth < 1)
				throw bad("width, height and depth must be >= 1 (depth 1 = 2D), got " + width + "x" + height + "x"
						+ depth);
			if (width > Integer.MAX_VALUE || height > Integer.MAX_VALUE || depth > Integer.MAX_VALUE
					|| (double) width * height * depth > Integer.MAX_VALUE - 8)
				throw bad("image " + width + "x" + height + "x" + depth
						+ " is too large; at most 2^31 - 9 pixels are supported");
			if (count < 0)
				throw bad("count must be >= 0, got " + count);
			if (!(radiusMin > 0) || !Double.isFinite(radiusMin) || !(radiusMax >= radiusMin)
					|| !Double.isFinite(radiusMax))
				throw bad("need 0 < radiusMin <= radiusMax (finite), got radiusMin " + radiusMin + ", radiusMax "
						+ radiusMax);
			if (!(zRadiusFactor > 0) || !Double.isFinite(zRadiusFactor))
				throw bad("zRadiusFactor must be finite and > 0, got " + zRadiusFactor);
			if (!(touchingFraction >= 0 && touchingFraction <= 1))
				throw bad("touchingFraction must be in [0, 1], got " + touchingFraction);
			if (!(blurSigma >= 0) || !Double.isFinite(blurSigma))
				throw bad("blurSigma must be finite and >= 0 (0 = no blur), got " + blurSigma);
			if (!(illuminationMin > 0 && illuminationMin <= 1))
				throw bad("illuminationMin must be in (0, 1] (1 = flat illumination), got " + illuminationMin);
			if (!(background >= 0) || !Double.isFinite(background))
				throw bad("background must be finite and >= 0, got " + background);
			if (!(brightnessMin >= 0) || !(brightnessMax >= brightnessMin) || !Double.isFinite(brightnessMax))
				throw bad("need 0 <= brightnessMin <= brightnessMax (finite), got brightnessMin " + brightnessMin
						+ ", brightnessMax " + brightnessMax);
			if (!(gaussianNoise >= 0) || !Double.isFinite(gaussianNoise))
				throw bad("gaussianNoise must be finite and >= 0, got " + gaussianNoise);
			if (!Double.isFinite(offset))
				throw bad("offset must be finite, got " + offset);
			if (!(rimDrop >= 0 && rimDrop <= 1))
				throw bad("rimDrop must be in [0, 1] (0 = flat nuclei), got " + rimDrop);
			if (!(textureNoise >= 0 && textureNoise <= 1))
				throw bad("textureNoise must be in [0, 1] (0 = none), got " + textureNoise);
			if (!(touchMin > 0) || !(touchMax >= touchMin) || !(touchMax <= 1.2))
				throw bad("need 0 < touchMin <= touchMax <= 1.2, got touchMin " + touchMin + ", touchMax " + touchMax);
		}

		private static IllegalArgumentException bad(String msg) {
			return new IllegalArgumentException("SyntheticNuclei.Params: " + msg);
		}

		/**
		 * Sensible 2D settings: semi-axes 8..14 px, half of the nuclei touching, brightness
		 * 800..2000 photons on a background of 150, PSF sigma 2, illumination 0.6..1, Poisson
		 * noise, offset 100, read noise sigma 6.
		 */
		public static Params defaults2D(long width, long height, int count, long seed) {
			return new Params(width, height, 1, count, 8, 14, 1, 0.5, 2, 0.6, 150, 800, 2000, 6, true, 100, seed, 0.3, 0);
		}

		/**
		 * Sensible 3D settings: as {@link #defaults2D} with a z semi-axis of 0.6 times the mean
		 * xy semi-axis (coarser z sampling) and an axial PSF sigma of
		 * {@value SyntheticNuclei#Z_BLUR_FACTOR} &times; 2.
		 */
		public static Params defaults3D(long width, long height, long depth, int count, long seed) {
			return new Params(width, height, depth, count, 8, 14, 0.6, 0.5, 2, 0.6, 150, 800, 2000, 6, true, 100,
					seed, 0.3, 0);
		}

		/**
		 * Fluorescence nuclei, larger and more crowded than {@link #defaults2D}: major semi-axes 13..25
		 * px (minor 0.6..0.95 of it, any orientation), about one nucleus per 5200 px&sup2; (800 on
		 * 2048&sup2;), 40% placed next to an earlier nucleus at 0.8..1.0 of the summed radii and
		 * allowed to touch further ones (clusters, chains), flat-topped with a smooth texture (texture
		 * noise 0.12, no plane waves), brightness 800..2000 photons on 150, PSF sigma 2, illumination
		 * 0.6..1, Poisson noise, offset 100, read noise 6.
		 */
		public static Params fluorescenceTouching(long width, long height, long seed) {
			int count = (int) Math.max(1, Math.round(width * (double) height / 5243));
			return new Params(width, height, 1, count, 13, 25, 1, 0.4, 2, 0.6, 150, 800, 2000, 6, true, 100, seed, 0,
					0.12, false, true, 0.8, 1.0);
		}

		/**
		 * Settings by name: {@code default} ({@link #defaults2D} with one nucleus per 2500 px&sup2;)
		 * or {@code fluorescence-touching} ({@link #fluorescenceTouching}).
		 *
		 * @throws IllegalArgumentException for an unknown name
		 */
		public static Params preset(String name, long width, long height, long seed) {
			String n = name == null ? "" : name.trim().toLowerCase(java.util.Locale.ROOT);
			return switch (n) {
			case "default" -> defaults2D(width, height, (int) Math.max(4, width * height / 2500), seed);
			case "fluorescence-touching" -> fluorescenceTouching(width, height, seed);
			default -> throw bad("unknown preset '" + name + "'; use one of " + String.join(", ", PRESETS));
			};
		}

		/** Copy with the plane-wave texture switched on or off. */
		public Params withPlaneWaves(boolean planeWaves) {
			return new Params(width, height, depth, count, radiusMin, radiusMax, zRadiusFactor, touchingFraction,
					blurSigma, illuminationMin, background, brightnessMin, brightnessMax, gaussianNoise, poisson,
					offset, seed, rimDrop, textureNoise, planeWaves, clusters, touchMin, touchMax);
		}

		/** Copy with clusters switched on or off and another range of touching distances. */
		public Params withTouching(boolean clusters, double touchMin, double touchMax) {
			return new Params(width, height, depth, count, radiusMin, radiusMax, zRadiusFactor, touchingFraction,
					blurSigma, illuminationMin, background, brightnessMin, brightnessMax, gaussianNoise, poisson,
					offset, seed, rimDrop, textureNoise, planeWaves, clusters, touchMin, touchMax);
		}

		/** Whether this makes a 2D image ({@code depth == 1}). */
		public boolean is2D() {
			return depth == 1;
		}

		/** Copy with the given image size (depth 1 = 2D). */
		public Params withSize(long width, long height, long depth) {
			return new Params(width, height, depth, count, radiusMin, radiusMax, zRadiusFactor, touchingFraction,
					blurSigma, illuminationMin, background, brightnessMin, brightnessMax, gaussianNoise, poisson,
					offset, seed, rimDrop, textureNoise, planeWaves, clusters, touchMin, touchMax);
		}

		/** Copy with another number of nuclei. */
		public Params withCount(int count) {
			return new Params(width, height, depth, count, radiusMin, radiusMax, zRadiusFactor, touchingFraction,
					blurSigma, illuminationMin, background, brightnessMin, brightnessMax, gaussianNoise, poisson,
					offset, seed, rimDrop, textureNoise, planeWaves, clusters, touchMin, touchMax);
		}

		/** Copy with another range of major semi-axes. */
		public Params withRadius(double radiusMin, double radiusMax) {
			return new Params(width, height, depth, count, radiusMin, radiusMax, zRadiusFactor, touchingFraction,
					blurSigma, illuminationMin, background, brightnessMin, brightnessMax, gaussianNoise, poisson,
					offset, seed, rimDrop, textureNoise, planeWaves, clusters, touchMin, touchMax);
		}

		/** Copy with another z semi-axis factor. */
		public Params withZRadiusFactor(double zRadiusFactor) {
			return new Params(width, height, depth, count, radiusMin, radiusMax, zRadiusFactor, touchingFraction,
					blurSigma, illuminationMin, background, brightnessMin, brightnessMax, gaussianNoise, poisson,
					offset, seed, rimDrop, textureNoise, planeWaves, clusters, touchMin, touchMax);
		}

		/** Copy with another fraction of touching nuclei. */
		public Params withTouchingFraction(double touchingFraction) {
			return new Params(width, height, depth, count, radiusMin, radiusMax, zRadiusFactor, touchingFraction,
					blurSigma, illuminationMin, background, brightnessMin, brightnessMax, gaussianNoise, poisson,
					offset, seed, rimDrop, textureNoise, planeWaves, clusters, touchMin, touchMax);
		}

		/** Copy with another PSF sigma. */
		public Params withBlurSigma(double blurSigma) {
			return new Params(width, height, depth, count, radiusMin, radiusMax, zRadiusFactor, touchingFraction,
					blurSigma, illuminationMin, background, brightnessMin, brightnessMax, gaussianNoise, poisson,
					offset, seed, rimDrop, textureNoise, planeWaves, clusters, touchMin, touchMax);
		}

		/** Copy with another darkest illumination (1 = flat). */
		public Params withIlluminationMin(double illuminationMin) {
			return new Params(width, height, depth, count, radiusMin, radiusMax, zRadiusFactor, touchingFraction,
					blurSigma, illuminationMin, background, brightnessMin, brightnessMax, gaussianNoise, poisson,
					offset, seed, rimDrop, textureNoise, planeWaves, clusters, touchMin, touchMax);
		}

		/** Copy with another background level. */
		public Params withBackground(double background) {
			return new Params(width, height, depth, count, radiusMin, radiusMax, zRadiusFactor, touchingFraction,
					blurSigma, illuminationMin, background, brightnessMin, brightnessMax, gaussianNoise, poisson,
					offset, seed, rimDrop, textureNoise, planeWaves, clusters, touchMin, touchMax);
		}

		/** Copy with another brightness range. */
		public Params withBrightness(double brightnessMin, double brightnessMax) {
			return new Params(width, height, depth, count, radiusMin, radiusMax, zRadiusFactor, touchingFraction,
					blurSigma, illuminationMin, background, brightnessMin, brightnessMax, gaussianNoise, poisson,
					offset, seed, rimDrop, textureNoise, planeWaves, clusters, touchMin, touchMax);
		}

		/** Copy with another read noise sigma. */
		public Params withGaussianNoise(double gaussianNoise) {
			return new Params(width, height, depth, count, radiusMin, radiusMax, zRadiusFactor, touchingFraction,
					blurSigma, illuminationMin, background, brightnessMin, brightnessMax, gaussianNoise, poisson,
					offset, seed, rimDrop, textureNoise, planeWaves, clusters, touchMin, touchMax);
		}

		/** Copy with shot noise switched on or off. */
		public Params withPoisson(boolean poisson) {
			return new Params(width, height, depth, count, radiusMin, radiusMax, zRadiusFactor, touchingFraction,
					blurSigma, illuminationMin, background, brightnessMin, brightnessMax, gaussianNoise, poisson,
					offset, seed, rimDrop, textureNoise, planeWaves, clusters, touchMin, touchMax);
		}

		/** Copy with another camera offset. */
		public Params withOffset(double offset) {
			return new Params(width, height, depth, count, radiusMin, radiusMax, zRadiusFactor, touchingFraction,
					blurSigma, illuminationMin, background, brightnessMin, brightnessMax, gaussianNoise, poisson,
					offset, seed, rimDrop, textureNoise, planeWaves, clusters, touchMin, touchMax);
		}

		/** Copy with another rim drop (0 = flat nuclei, 0.3 the default: 30% dimmer at the rim). */
		public Params withRimDrop(double rimDrop) {
			return new Params(width, height, depth, count, radiusMin, radiusMax, zRadiusFactor, touchingFraction,
					blurSigma, illuminationMin, background, brightnessMin, brightnessMax, gaussianNoise, poisson,
					offset, seed, rimDrop, textureNoise, planeWaves, clusters, touchMin, touchMax);
		}

		/** Copy with a smooth random texture of the nuclei (standard deviation of the multiplicative field; 0 = none). */
		public Params withTextureNoise(double textureNoise) {
			return new Params(width, height, depth, count, radiusMin, radiusMax, zRadiusFactor, touchingFraction,
					blurSigma, illuminationMin, background, brightnessMin, brightnessMax, gaussianNoise, poisson,
					offset, seed, rimDrop, textureNoise, planeWaves, clusters, touchMin, touchMax);
		}

		/** Copy with another seed. */
		public Params withSeed(long seed) {
			return new Params(width, height, depth, count, radiusMin, radiusMax, zRadiusFactor, touchingFraction,
					blurSigma, illuminationMin, background, brightnessMin, brightnessMax, gaussianNoise, poisson,
					offset, seed, rimDrop, textureNoise, planeWaves, clusters, touchMin, touchMax);
		}

		/** Copy without any noise: no shot noise, no read noise. */
		public Params noiseless() {
			return withPoisson(false).withGaussianNoise(0);
		}
	}

	/**
	 * A generated image with its ground truth.
	 *
	 * @param image  the camera image, [w, h] or [w, h, d]
	 * @param labels exact instance labels of the same size, 0 = background, 1..count nuclei
	 * @param count  number of nuclei actually placed
	 * @param nuclei the nuclei placed, in label order (label k is {@code nuclei.get(k - 1)})
	 */
	public record Sample(Img<UnsignedShortType> image, Img<IntType> labels, int count, List<Ellipse> nuclei) {
		public Sample {
			nuclei = List.copyOf(nuclei);
		}
	}

	/**
	 * One placed nucleus: centre (pixel coordinates), semi-axes ({@code a} along the direction
	 * {@code theta} in the xy plane, measured from the x axis towards y; {@code b} across it;
	 * {@code c} in z, 0 in 2D) and brightness in photons above the background. A pixel centre
	 * lies inside when {@code (u/a)^2 + (v/b)^2 + (dz/c)^2 <= 1} with
	 * {@code u = dx cos(theta) + dy sin(theta)}, {@code v = -dx sin(theta) + dy cos(theta)}.
	 */
	public record Ellipse(double cx, double cy, double cz, double a, double b, double c, double theta,
			double brightness) {
	}

	/** One nucleus. */
	private static final class Nucleus {
		double cx, cy, cz, a, b, c, theta, cos, sin;
		double brightness;
		double[] waveK = new double[9]; // 3 waves x (kx, ky, kz)
		double[] wavePhase = new double[3];
		double[] waveAmp = new double[3];

		/** Squared normalised distance, with the semi-axes grown by g. */
		double rho2(double x, double y, double z, double g) {
			double dx = x - cx, dy = y - cy;
			double u = dx * cos + dy * sin;
			double v = -dx * sin + dy * cos;
			double au = u / (a + g), bv = v / (b + g);
			double r = au * au + bv * bv;
			if (c > 0) {
				double cz2 = (z - cz) / (c + g);
				r += cz2 * cz2;
			}
			return r;
		}

		/** Distance from the centre to the boundary along the unit vector (ux, uy, uz). */
		double radius(double ux, double uy, double uz) {
			double u = ux * cos + uy * sin;
			double v = -ux * sin + uy * cos;
			double s = (u / a) * (u / a) + (v / b) * (v / b);
			if (c > 0)
				s += (uz / c) * (uz / c);
			return 1 / Math.sqrt(s);
		}

		double halfX(double g) {
			double A = a + g, B = b + g;
			return Math.sqrt(A * A * cos * cos + B * B * sin * sin);
		}

		double halfY(double g) {
			double A = a + g, B = b + g;
			return Math.sqrt(A * A * sin * sin + B * B * cos * cos);
		}

		double halfZ(double g) {
			return c > 0 ? c + g : 0;
		}
	}

	/**
	 * Generates one sample.
	 *
	 * @param p the settings
	 * @return image, labels and the number of nuclei placed
	 * @throws IllegalArgumentException if {@code p} is null
	 */
	public static Sample generate(Params p) {
		if (p == null)
			throw new IllegalArgumentException("SyntheticNuclei.generate: params must not be null; use Params.defaults2D(...)");
		int w = (int) p.width(), h = (int) p.height(), d = (int) p.depth();
		boolean is3D = d > 1;
		int n = w * h * d;
		int[] labels = new int[n];
		float[] rho = new float[n];
		SplittableRandom root = new SplittableRandom(p.seed());
		SplittableRandom rng = root.split();
		SplittableRandom texRng = root.split();
		SplittableRandom illumRng = root.split();
		long noiseSeed = root.nextLong();
		long fieldSeed = root.nextLong(); // drawn last: images without texture noise are as before

		// --- placement ---
		List<Nucleus> placed = new ArrayList<>();
		List<Integer> area = new ArrayList<>();
		area.add(0);
		Placer placer = new Placer(w, h, d, labels, rho, area);
		for (int i = 0; i < p.count(); i++) {
			boolean touch = !placed.isEmpty() && rng.nextDouble() < p.touchingFraction();
			for (int t = 0; t < MAX_TRIES; t++) {
				Nucleus nu = randomShape(p, is3D, rng);
				int partner = 0;
				if (touch && t < MAX_TRIES / 2) {
					partner = 1 + rng.nextInt(placed.size());
					Nucleus q = placed.get(partner - 1);
					double phi = rng.nextDouble(2 * Math.PI);
					double uz = is3D ? rng.nextDouble(-0.3, 0.3) : 0;
					double uxy = Math.sqrt(1 - uz * uz);
					double ux = uxy * Math.cos(phi), uy = uxy * Math.sin(phi);
					double f = p.touchMax() > p.touchMin() ? rng.nextDouble(p.touchMin(), p.touchMax()) : p.touchMin();
					double dist = f * (q.radius(ux, uy, uz) + nu.radius(ux, uy, uz));
					nu.cx = q.cx + dist * ux;
					nu.cy = q.cy + dist * uy;
					nu.cz = is3D ? q.cz + dist * uz : 0;
				} else {
					double hx = nu.halfX(0), hy = nu.halfY(0), hz = nu.halfZ(0);
					if (w - 1 - 2 * hx <= 0 || h - 1 - 2 * hy <= 0 || (is3D && d - 1 - 2 * hz <= 0))
						continue;
					nu.cx = rng.nextDouble(hx, w - 1 - hx);
					nu.cy = rng.nextDouble(hy, h - 1 - hy);
					nu.cz = is3D ? rng.nextDouble(hz, d - 1 - hz) : 0;
				}
				if (!placer.inside(nu))
					continue;
				boolean ok = partner > 0 && p.clusters() ? placer.fitsCluster(nu, placed, p.touchMin())
						: placer.fits(nu, partner);
				if (ok) {
					placed.add(nu);
					area.add(0);
					placer.draw(nu, placed.size());
					break;
				}
			}
		}
		int count = placed.size();
		if (p.clusters())
			placer.mergeFragments(placed);
		for (Nucleus nu : placed)
			randomTexture(p, is3D, nu, texRng);

		// --- photons ---
		float[] photons = new float[n];
		java.util.Arrays.fill(photons, (float) p.background());
		float[] field = p.textureNoise() > 0 ? textureField(w, h, d, p.textureNoise(), fieldSeed) : null;
		for (int k = 1; k <= count; k++)
			placer.paint(placed.get(k - 1), k, photons, p.rimDrop(), p.planeWaves(), field);

		// --- optics ---
		if (p.blurSigma() > 0) {
			double[] sigma = is3D ? new double[] { p.blurSigma(), p.blurSigma(), Z_BLUR_FACTOR * p.blurSigma() }
					: new double[] { p.blurSigma(), p.blurSigma() };
			GaussianBlur.blur(photons, is3D ? new int[] { w, h, d } : new int[] { w, h }, sigma);
		}
		float[] illum = illumination(w, h, p.illuminationMin(), illumRng);

		// --- camera ---
		short[] out = new short[n];
		boolean poisson = p.poisson();
		double offset = p.offset(), read = p.gaussianNoise();
		IntStream.range(0, h * d).parallel().forEach(row -> {
			SplittableRandom r = new SplittableRandom(mix(noiseSeed, row));
			int y = row % h;
			int base = row * w;
			for (int x = 0; x < w; x++) {
				double lambda = photons[base + x] * illum[y * w + x];
				double v = poisson ? poisson(lambda, r) : lambda;
				v += offset;
				if (read > 0)
					v += read * r.nextGaussian();
				long q = Math.round(v);
				out[base + x] = (short) (q < 0 ? 0 : q > 65535 ? 65535 : q);
			}
		});

		Img<UnsignedShortType> image = is3D ? ArrayImgs.unsignedShorts(out, w, h, d) : ArrayImgs.unsignedShorts(out, w, h);
		Img<IntType> lab = is3D ? ArrayImgs.ints(labels, w, h, d) : ArrayImgs.ints(labels, w, h);
		List<Ellipse> ellipses = new ArrayList<>(count);
		for (Nucleus nu : placed)
			ellipses.add(new Ellipse(nu.cx, nu.cy, nu.cz, nu.a, nu.b, nu.c, nu.theta, nu.brightness));
		return new Sample(image, lab, count, ellipses);
	}

	/**
	 * A binary mask of a label image: 255 where the label is &gt; 0, else 0. The result has
	 * the same dimensions and starts at 0 (pixel 0 is the label image's min).
	 *
	 * @param labels a label image
	 * @return the mask
	 * @throws IllegalArgumentException if {@code labels} is null
	 */
	public static Img<UnsignedByteType> mask(RandomAccessibleInterval<IntType> labels) {
		if (labels == null)
			throw new IllegalArgumentException("SyntheticNuclei.mask: labels must not be null");
		Img<UnsignedByteType> m = ArrayImgs.unsignedBytes(labels.dimensionsAsLongArray());
		Cursor<IntType> in = Views.flatIterable(labels).cursor();
		Cursor<UnsignedByteType> o = m.cursor(); // ArrayImg cursors run in flat order
		while (in.hasNext()) {
			int v = in.next().get();
			o.next().set(v > 0 ? 255 : 0);
		}
		return m;
	}

	private static Nucleus randomShape(Params p, boolean is3D, SplittableRandom rng) {
		Nucleus nu = new Nucleus();
		nu.a = p.radiusMax() > p.radiusMin() ? rng.nextDouble(p.radiusMin(), p.radiusMax()) : p.radiusMin();
		nu.b = nu.a * rng.nextDouble(0.6, 0.95);
		double theta = rng.nextDouble(Math.PI);
		nu.theta = theta;
		nu.cos = Math.cos(theta);
		nu.sin = Math.sin(theta);
		nu.c = is3D ? p.zRadiusFactor() * (nu.a + nu.b) / 2 : 0;
		nu.brightness = p.brightnessMax() > p.brightnessMin() ? rng.nextDouble(p.brightnessMin(), p.brightnessMax())
				: p.brightnessMin();
		return nu;
	}

	/** 1 + amplitude * (Gaussian noise blurred with TEXTURE_SIGMA, scaled to unit standard deviation), at least 0. */
	private static float[] textureField(int w, int h, int d, double amplitude, long seed) {
		int n = w * h * d;
		float[] g = new float[n];
		SplittableRandom r = new SplittableRandom(seed);
		for (int i = 0; i < n; i++) {
			double u1 = 1 - r.nextDouble(), u2 = r.nextDouble();
			g[i] = (float) (Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
		}
		GaussianBlur.blur(g, d > 1 ? new int[] { w, h, d } : new int[] { w, h },
				d > 1 ? new double[] { TEXTURE_SIGMA, TEXTURE_SIGMA, TEXTURE_SIGMA } : new double[] { TEXTURE_SIGMA, TEXTURE_SIGMA });
		double ss = 0;
		for (float v : g)
			ss += v * v;
		double sd = Math.sqrt(ss / n);
		for (int i = 0; i < n; i++)
			g[i] = (float) Math.max(0, 1 + amplitude * g[i] / (sd > 0 ? sd : 1));
		return g;
	}

	private static void randomTexture(Params p, boolean is3D, Nucleus nu, SplittableRandom rng) {
		for (int i = 0; i < 3; i++) {
			double lambda = rng.nextDouble(3, 8);
			double phi = rng.nextDouble(2 * Math.PI);
			double uz = is3D ? rng.nextDouble(-0.5, 0.5) : 0;
			double uxy = Math.sqrt(1 - uz * uz);
			double k = 2 * Math.PI / lambda;
			nu.waveK[3 * i] = k * uxy * Math.cos(phi);
			nu.waveK[3 * i + 1] = k * uxy * Math.sin(phi);
			nu.waveK[3 * i + 2] = k * uz;
			nu.wavePhase[i] = rng.nextDouble(2 * Math.PI);
			nu.waveAmp[i] = rng.nextDouble(0.03, 0.08);
		}
	}

	/** Pixel-grid operations of the placement. */
	private static final class Placer {
		final int w, h, d;
		final int[] labels;
		final float[] rho;
		final List<Integer> area;
		/** Pixels inside each nucleus' ellipse when it was drawn (index = label). */
		final List<Integer> ellipse = new ArrayList<>(List.of(0));

		Placer(int w, int h, int d, int[] labels, float[] rho, List<Integer> area) {
			this.w = w;
			this.h = h;
			this.d = d;
			this.labels = labels;
			this.rho = rho;
			this.area = area;
		}

		/** Whether the ellipse keeps clear of the outermost pixels. */
		boolean inside(Nucleus nu) {
			double hx = nu.halfX(0), hy = nu.halfY(0);
			if (nu.cx - hx <= 0 || nu.cx + hx >= w - 1 || nu.cy - hy <= 0 || nu.cy + hy >= h - 1)
				return false;
			if (d > 1) {
				double hz = nu.halfZ(0);
				return nu.cz - hz > 0 && nu.cz + hz < d - 1;
			}
			return true;
		}

		/**
		 * Whether the nucleus keeps the gap to everything but {@code partner}, takes at most a
		 * quarter of the partner's pixels and keeps at least three quarters (and one) of its own.
		 */
		boolean fits(Nucleus nu, int partner) {
			double g = GAP;
			int x0 = Math.max(0, (int) Math.ceil(nu.cx - nu.halfX(g)));
			int x1 = Math.min(w - 1, (int) Math.floor(nu.cx + nu.halfX(g)));
			int y0 = Math.max(0, (int) Math.ceil(nu.cy - nu.halfY(g)));
			int y1 = Math.min(h - 1, (int) Math.floor(nu.cy + nu.halfY(g)));
			int z0 = 0, z1 = 0;
			if (d > 1) {
				z0 = Math.max(0, (int) Math.ceil(nu.cz - nu.halfZ(g)));
				z1 = Math.min(d - 1, (int) Math.floor(nu.cz + nu.halfZ(g)));
			}
			int own = 0, stolen = 0, inside = 0;
			for (int z = z0; z <= z1; z++)
				for (int y = y0; y <= y1; y++) {
					int base = (z * h + y) * w;
					for (int x = x0; x <= x1; x++) {
						int l = labels[base + x];
						if (l != 0 && l != partner && nu.rho2(x, y, z, g) <= 1)
							return false;
						if (l == 0 || l == partner) { // other labels are outside the grown ellipse
							double r = nu.rho2(x, y, z, 0);
							if (r <= 1) {
								inside++;
								if (l == 0)
									own++;
								else if (r < rho[base + x])
									stolen++;
							}
						}
					}
				}
			if (own + stolen < 1 || 4 * (own + stolen) < 3 * inside)
				return false;
			return partner == 0 || stolen <= area.get(partner) / 4;
		}

		/**
		 * Clusters mode: whether the nucleus keeps a centre distance of at least {@code minFactor}
		 * times the summed radii along the centre line to every placed nucleus, keeps three quarters
		 * (and one) of its own ellipse, and leaves every nucleus it overlaps three quarters of that
		 * one's ellipse.
		 */
		boolean fitsCluster(Nucleus nu, List<Nucleus> placed, double minFactor) {
			double reach = nu.a;
			for (Nucleus q : placed) {
				double dx = nu.cx - q.cx, dy = nu.cy - q.cy, dz = nu.cz - q.cz;
				double lim = reach + q.a;
				if (Math.abs(dx) >= lim || Math.abs(dy) >= lim)
					continue;
				double dist = Math.sqrt(dx * dx + dy * dy + dz * dz);
				if (dist == 0)
					return false;
				double ux = dx / dist, uy = dy / dist, uz = dz / dist;
				if (dist < minFactor * (nu.radius(ux, uy, uz) + q.radius(ux, uy, uz)))
					return false;
			}
			int[] box = box(nu);
			java.util.Map<Integer, Integer> stolen = new java.util.HashMap<>();
			int own = 0, inside = 0, taken = 0;
			for (int z = box[4]; z <= box[5]; z++)
				for (int y = box[2]; y <= box[3]; y++) {
					int base = (z * h + y) * w;
					for (int x = box[0]; x <= box[1]; x++) {
						double r = nu.rho2(x, y, z, 0);
						if (r > 1)
							continue;
						inside++;
						int l = labels[base + x];
						if (l == 0)
							own++;
						else if (r < rho[base + x]) {
							stolen.merge(l, 1, Integer::sum);
							taken++;
						}
					}
				}
			if (own + taken < 1 || 4 * (own + taken) < 3 * inside)
				return false;
			for (var e : stolen.entrySet()) {
				int l = e.getKey();
				if (4 * (area.get(l) - e.getValue()) < 3 * ellipse.get(l))
					return false;
			}
			return true;
		}

		/**
		 * Makes every label one face-connected region: the smaller pieces of a label (left by
		 * nuclei overlapping it from several sides) go to the label they share the longest border
		 * with, or to the background when they touch no other label.
		 */
		void mergeFragments(List<Nucleus> placed) {
			int n = labels.length;
			int[] comp = new int[n];
			java.util.Arrays.fill(comp, -1);
			int[] stack = new int[n];
			List<int[]> pieces = new ArrayList<>(); // {label, size, start}
			for (int i = 0; i < n; i++) {
				if (labels[i] == 0 || comp[i] >= 0)
					continue;
				int id = pieces.size(), l = labels[i], sp = 0, size = 0;
				stack[sp++] = i;
				comp[i] = id;
				while (sp > 0) {
					int j = stack[--sp];
					size++;
					int x = j % w, y = (j / w) % h, z = j / (w * h);
					for (int k = 0; k < 6; k++) {
						int nb = neighbour(x, y, z, k);
						if (nb >= 0 && comp[nb] < 0 && labels[nb] == l) {
							comp[nb] = id;
							stack[sp++] = nb;
						}
					}
				}
				pieces.add(new int[] { l, size, i });
			}
			int maxLabel = placed.size();
			int[] biggest = new int[maxLabel + 1];
			java.util.Arrays.fill(biggest, -1);
			for (int id = 0; id < pieces.size(); id++) {
				int[] pc = pieces.get(id);
				if (biggest[pc[0]] < 0 || pc[1] > pieces.get(biggest[pc[0]])[1])
					biggest[pc[0]] = id;
			}
			for (int id = 0; id < pieces.size(); id++) {
				int[] pc = pieces.get(id);
				if (biggest[pc[0]] == id)
					continue;
				// collect the piece, count the labels around it
				java.util.Map<Integer, Integer> border = new java.util.HashMap<>();
				List<Integer> members = new ArrayList<>();
				int sp = 0;
				stack[sp++] = pc[2];
				comp[pc[2]] = -2 - id;
				while (sp > 0) {
					int j = stack[--sp];
					members.add(j);
					int x = j % w, y = (j / w) % h, z = j / (w * h);
					for (int k = 0; k < 6; k++) {
						int nb = neighbour(x, y, z, k);
						if (nb < 0)
							continue;
						if (comp[nb] == id) {
							comp[nb] = -2 - id;
							stack[sp++] = nb;
						}
						else if (labels[nb] != 0 && labels[nb] != pc[0] && comp[nb] != -2 - id)
							border.merge(labels[nb], 1, Integer::sum);
					}
				}
				int to = 0, best = 0;
				for (var e : border.entrySet())
					if (e.getValue() > best || (e.getValue() == best && e.getKey() < to)) {
						best = e.getValue();
						to = e.getKey();
					}
				for (int j : members) {
					labels[j] = to;
					if (to > 0) {
						int x = j % w, y = (j / w) % h, z = j / (w * h);
						rho[j] = (float) Math.min(1, placed.get(to - 1).rho2(x, y, z, 0));
					}
				}
			}
		}

		/** Index of the k-th face neighbour (0..5) or -1 outside the image. */
		private int neighbour(int x, int y, int z, int k) {
			switch (k) {
			case 0: return x > 0 ? (z * h + y) * w + x - 1 : -1;
			case 1: return x < w - 1 ? (z * h + y) * w + x + 1 : -1;
			case 2: return y > 0 ? (z * h + y - 1) * w + x : -1;
			case 3: return y < h - 1 ? (z * h + y + 1) * w + x : -1;
			case 4: return z > 0 ? ((z - 1) * h + y) * w + x : -1;
			default: return z < d - 1 ? ((z + 1) * h + y) * w + x : -1;
			}
		}

		void draw(Nucleus nu, int k) {
			int[] box = box(nu);
			int a = 0, e = 0;
			for (int z = box[4]; z <= box[5]; z++)
				for (int y = box[2]; y <= box[3]; y++) {
					int base = (z * h + y) * w;
					for (int x = box[0]; x <= box[1]; x++) {
						double r = nu.rho2(x, y, z, 0);
						if (r > 1)
							continue;
						e++;
						int i = base + x;
						int l = labels[i];
						if (l == 0 || r < rho[i]) {
							if (l != 0)
								area.set(l, area.get(l) - 1);
							labels[i] = k;
							rho[i] = (float) r;
							a++;
						}
					}
				}
			area.set(k, a);
			while (ellipse.size() <= k)
				ellipse.add(0);
			ellipse.set(k, e);
		}

		void paint(Nucleus nu, int k, float[] photons, double rimDrop, boolean waves, float[] field) {
			int[] box = box(nu);
			double[] kk = nu.waveK;
			for (int z = box[4]; z <= box[5]; z++)
				for (int y = box[2]; y <= box[3]; y++) {
					int base = (z * h + y) * w;
					for (int x = box[0]; x <= box[1]; x++) {
						int i = base + x;
						if (labels[i] != k)
							continue;
						double r2 = rho[i];
						double profile = 1 - rimDrop * r2 * r2;
						double dx = x - nu.cx, dy = y - nu.cy, dz = z - nu.cz;
						double tex = 1;
						for (int j = 0; waves && j < 3; j++)
							tex += nu.waveAmp[j]
									* Math.cos(kk[3 * j] * dx + kk[3 * j + 1] * dy + kk[3 * j + 2] * dz + nu.wavePhase[j]);
						if (field != null)
							tex *= field[i];
						photons[i] += (float) (nu.brightness * profile * tex);
					}
				}
		}

		private int[] box(Nucleus nu) {
			int x0 = Math.max(0, (int) Math.ceil(nu.cx - nu.halfX(0)));
			int x1 = Math.min(w - 1, (int) Math.floor(nu.cx + nu.halfX(0)));
			int y0 = Math.max(0, (int) Math.ceil(nu.cy - nu.halfY(0)));
			int y1 = Math.min(h - 1, (int) Math.floor(nu.cy + nu.halfY(0)));
			int z0 = 0, z1 = 0;
			if (d > 1) {
				z0 = Math.max(0, (int) Math.ceil(nu.cz - nu.halfZ(0)));
				z1 = Math.min(d - 1, (int) Math.floor(nu.cz + nu.halfZ(0)));
			}
			return new int[] { x0, x1, y0, y1, z0, z1 };
		}
	}

	/** Linear gradient times vignetting, rescaled to [min, 1]; one value per xy pixel. */
	private static float[] illumination(int w, int h, double min, SplittableRandom rng) {
		float[] f = new float[w * h];
		if (min >= 1) {
			java.util.Arrays.fill(f, 1f);
			return f;
		}
		double angle = rng.nextDouble(2 * Math.PI);
		double gx = Math.cos(angle), gy = Math.sin(angle);
		double span = Math.abs(gx) * w + Math.abs(gy) * h;
		double vx = w * rng.nextDouble(0.35, 0.65), vy = h * rng.nextDouble(0.35, 0.65);
		double hw = w / 2.0, hh = h / 2.0;
		double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
		double[] raw = new double[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				double t = 0.5 + ((x - hw) * gx + (y - hh) * gy) / span;
				double rx = (x - vx) / hw, ry = (y - vy) / hh;
				double v = (0.5 + 0.5 * t) * (1 - 0.3 * (rx * rx + ry * ry));
				raw[y * w + x] = v;
				lo = Math.min(lo, v);
				hi = Math.max(hi, v);
			}
		for (int i = 0; i < raw.length; i++)
			f[i] = hi > lo ? (float) (min + (1 - min) * (raw[i] - lo) / (hi - lo)) : 1f;
		return f;
	}

	private static double poisson(double lambda, SplittableRandom r) {
		if (!(lambda > 0))
			return 0;
		if (lambda > 30) {
			double v = Math.rint(lambda + Math.sqrt(lambda) * r.nextGaussian());
			return v < 0 ? 0 : v;
		}
		double l = Math.exp(-lambda), prod = 1;
		int k = 0;
		do {
			k++;
			prod *= r.nextDouble();
		} while (prod > l);
		return k - 1;
	}

	private static long mix(long seed, long row) {
		long z = seed + 0x9E3779B97F4A7C15L * (row + 1);
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}
}
