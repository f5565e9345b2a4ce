package org.segmentij.service;

import java.util.List;

import org.scijava.Context;
import org.scijava.command.CommandService;
import org.scijava.plugin.DefaultPluginFinder;
import org.scijava.plugin.PluginIndex;
import org.scijava.service.Service;

/**
 * Where SegmentIJ gets its SciJava context: Fiji's own when running inside Fiji, otherwise one
 * made once for the process with just the services SegmentIJ needs (fast to start, headless).
 */
public final class SegmentIJ {

	private static volatile Context context;

	private SegmentIJ() {
	}

	/** The services a SegmentIJ context is made with; their dependencies come along. */
	public static final List<Class<? extends Service>> SERVICES = List.of(SegmentationService.class,
			MetricsService.class, ModelService.class, CommandService.class);

	/** A new context with SegmentIJ's services, plugins found through this jar's class loader. */
	public static Context newContext() {
		ClassLoader cl = SegmentIJ.class.getClassLoader();
		return new Context(SERVICES, new PluginIndex(new DefaultPluginFinder(cl)));
	}

	/**
	 * The shared context: Fiji's when ImageJ-legacy is present and has one with SegmentIJ's
	 * services, else one created on first use.
	 */
	public static Context context() {
		Context c = context;
		if (c == null) {
			synchronized (SegmentIJ.class) {
				if (context == null)
					context = fijiContext();
				if (context == null)
					context = newContext();
				c = context;
			}
		}
		return c;
	}

	/** The shared context's segmentation service. */
	public static SegmentationService segmentation() {
		return context().service(SegmentationService.class);
	}

	/** The shared context's metrics service. */
	public static MetricsService metrics() {
		return context().service(MetricsService.class);
	}

	/** The shared context's model service (deep-learning models, loaded once). */
	public static ModelService models() {
		ModelService m = context().service(ModelService.class);
		return m;
	}

	private static Context fijiContext() {
		try {
			Class.forName("net.imagej.legacy.LegacyService", false, SegmentIJ.class.getClassLoader());
		}
		catch (ClassNotFoundException | LinkageError e) {
			return null;
		}
		try {
			Object o = ij.IJ.runPlugIn("org.scijava.Context", "");
			if (o instanceof Context c && c.getService(SegmentationService.class) != null && c.getService(MetricsService.class) != null)
				return c;
		}
		catch (RuntimeException e) {
			// not inside a running Fiji: fall back to our own context
		}
		return null;
	}
}
