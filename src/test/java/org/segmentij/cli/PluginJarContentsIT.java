package org.segmentij.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;

/**
 * The Fiji plugin jar holds SegmentIJ's own classes and files only: nothing of Spark (the spark/
 * module), Scala, Hadoop, Guava, Jackson or log4j, which Fiji has in other versions or not at
 * all. Lists every entry of the jar the build made.
 */
class PluginJarContentsIT {

	private static final String[] FOREIGN = { "org/apache/spark/", "scala/", "org/apache/hadoop/", "com/google/common/",
			"com/google/thirdparty/", "com/fasterxml/jackson/", "org/apache/logging/log4j/", "org/segmentij/spark/" };

	@Test
	void pluginJarHoldsNoSparkGuavaOrJacksonClasses() throws Exception {
		String prop = System.getProperty("segmentij.jar");
		assertNotNull(prop, "segmentij.jar (set by the failsafe configuration) names the plugin jar");
		Path jar = Path.of(prop);
		assertTrue(Files.isRegularFile(jar), jar + " exists");
		List<String> entries = new ArrayList<>(), foreign = new ArrayList<>();
		try (JarFile f = new JarFile(jar.toFile())) {
			for (JarEntry e : Collections.list(f.entries())) {
				entries.add(e.getName());
				for (String p : FOREIGN)
					if (e.getName().startsWith(p))
						foreign.add(e.getName());
			}
		}
		assertTrue(entries.contains("plugins.config"), "the jar has ImageJ's plugins.config at its root");
		assertTrue(entries.contains("org/segmentij/cli/Main.class"), "the jar has SegmentIJ's classes");
		assertEquals(List.of(), foreign, "classes of other projects in the plugin jar");
		for (String e : entries)
			if (e.endsWith(".class"))
				assertTrue(e.startsWith("org/segmentij/"), "only SegmentIJ's classes in the plugin jar, found " + e);
	}
}
