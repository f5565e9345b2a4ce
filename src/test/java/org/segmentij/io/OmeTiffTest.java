package org.segmentij.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segmentij.cli.ImageFiles;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileInfo;
import ij.io.TiffEncoder;
import ij.process.ShortProcessor;

/**
 * OME-TIFF: a TIFF whose ImageDescription is OME-XML, written here with ImageJ's TiffEncoder and a
 * hand-written description. ImageJ 1 reads the planes as a plain stack; ImageFiles.open must set
 * the physical sizes and the channel/slice order from the XML.
 */
class OmeTiffTest {

	@TempDir
	Path tmp;

	private Path omeTiff(String name, int c, int z, int t, String order, String sizes) throws IOException {
		int w = 6, h = 4;
		ImageStack st = new ImageStack(w, h);
		// planes in the file's DimensionOrder; each plane's value encodes its (c, z, t)
		int n = c * z * t;
		for (int p = 0; p < n; p++) {
			int[] idx = new int[3]; // c, z, t
			int rest = p;
			for (int k = 2; k < 5; k++) {
				char a = order.charAt(k);
				int size = a == 'C' ? c : a == 'Z' ? z : t;
				idx["CZT".indexOf(a)] = rest % size;
				rest /= size;
			}
			ShortProcessor sp = new ShortProcessor(w, h);
			sp.set(code(idx[0], idx[1], idx[2]));
			st.addSlice(sp);
		}
		ImagePlus imp = new ImagePlus(name, st);
		String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
				+ "<OME xmlns=\"http://www.openmicroscopy.org/Schemas/OME/2016-06\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
				+ "<Image ID=\"Image:0\" Name=\"test\"><Pixels ID=\"Pixels:0\" DimensionOrder=\"" + order + "\" Type=\"uint16\""
				+ " SizeX=\"" + w + "\" SizeY=\"" + h + "\" SizeC=\"" + c + "\" SizeZ=\"" + z + "\" SizeT=\"" + t + "\" " + sizes + ">"
				+ "<Channel ID=\"Channel:0:0\" SamplesPerPixel=\"1\"/><TiffData/></Pixels></Image></OME>";
		FileInfo fi = imp.getFileInfo();
		fi.nImages = n;
		fi.pixels = st.getImageArray();
		fi.description = xml;
		Path p = tmp.resolve(name);
		try (OutputStream os = Files.newOutputStream(p); DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os))) {
			new TiffEncoder(fi).write(out);
		}
		return p;
	}

	static int code(int c, int z, int t) {
		return 100 * c + 10 * z + t + 1;
	}

	@Test
	void physicalSizesAndDimensionOrderAreRead() throws IOException {
		Path f = omeTiff("cells.ome.tif", 2, 3, 1, "XYZCT",
				"PhysicalSizeX=\"0.325\" PhysicalSizeY=\"0.325\" PhysicalSizeZ=\"1.5\" PhysicalSizeXUnit=\"\u00b5m\" PhysicalSizeYUnit=\"\u00b5m\" PhysicalSizeZUnit=\"\u00b5m\"");
		assertTrue(OmeTiff.description(f).contains("<OME"), "the OME-XML is the first ImageDescription");
		ImagePlus imp = ImageFiles.open(f);
		assertEquals(0.325, imp.getCalibration().pixelWidth, 1e-12);
		assertEquals(0.325, imp.getCalibration().pixelHeight, 1e-12);
		assertEquals(1.5, imp.getCalibration().pixelDepth, 1e-12);
		assertEquals("micron", imp.getCalibration().getUnit());
		assertEquals(2, imp.getNChannels());
		assertEquals(3, imp.getNSlices());
		for (int c = 0; c < 2; c++)
			for (int z = 0; z < 3; z++)
				assertEquals(code(c, z, 0), imp.getStack().getProcessor(imp.getStackIndex(c + 1, z + 1, 1)).get(0, 0));
	}

	@Test
	void defaultUnitIsMicronsAndOtherUnitsConvertToTheFirst() throws IOException {
		Path f = omeTiff("t.ome.tiff", 1, 2, 3, "XYCTZ", "PhysicalSizeX=\"0.5\" PhysicalSizeY=\"0.5\" PhysicalSizeZ=\"2000\" PhysicalSizeZUnit=\"nm\" TimeIncrement=\"30\"");
		ImagePlus imp = ImageFiles.open(f);
		assertEquals("micron", imp.getCalibration().getUnit());
		assertEquals(2.0, imp.getCalibration().pixelDepth, 1e-9);
		assertEquals(30, imp.getCalibration().frameInterval, 0);
		assertEquals(2, imp.getNSlices());
		assertEquals(3, imp.getNFrames());
		for (int z = 0; z < 2; z++)
			for (int t = 0; t < 3; t++)
				assertEquals(code(0, z, t), imp.getStack().getProcessor(imp.getStackIndex(1, z + 1, t + 1)).get(0, 0));
	}
}
