package org.segmentij.deep.nets;

import java.util.List;
import java.util.Locale;

import org.segmentij.UsageException;

/** The factory of segmentation networks by architecture name. */
public final class Networks {
	private Networks() {
	}

	/** The architecture names {@link #create} knows. */
	public static final List<String> ARCHITECTURES = List.of("unet", "unet3d", "segnet", "deeplabv3plus", "fcn", "vit");

	/**
	 * A new, uninitialised network (call {@code initialize(manager, DataType.FLOAT32, shape)} or
	 * let a DJL Trainer do it). Throws a UsageException for an unknown name.
	 */
	public static SegmentationNetwork create(String arch, NetConfig config) {
		switch (arch.trim().toLowerCase(Locale.ROOT)) {
		case "unet":
			return new UNet(config, 2);
		case "unet3d":
			return new UNet(config, 3);
		case "segnet":
			return new SegNet(config);
		case "deeplabv3plus":
		case "deeplab":
			return new DeepLabV3Plus(config);
		case "fcn":
		case "fcn8s":
			return new Fcn8s(config);
		case "vit":
			return new VitSegmenter(config);
		default:
			throw new UsageException("unknown network '" + arch + "'; use one of " + String.join(", ", ARCHITECTURES));
		}
	}

	/** The multiple every spatial input size of {@code arch} with {@code config} must be. */
	public static int inputMultiple(String arch, NetConfig config) {
		return create(arch, config).inputMultiple();
	}
}
