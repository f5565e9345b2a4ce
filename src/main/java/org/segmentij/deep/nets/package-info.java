/**
 * Segmentation networks as DJL blocks, built with {@link org.segmentij.deep.nets.Networks#create}:
 * "unet", "unet3d", "segnet", "deeplabv3plus", "fcn", "vit". Input float32 (N, C, H, W) (unet3d:
 * (N, C, D, H, W)); output the logits (N, classes, H, W) at the input's resolution. Spatial sizes
 * must be multiples of {@link org.segmentij.deep.nets.SegmentationNetwork#inputMultiple()}
 * (2^depth for unet / unet3d / segnet, the output stride for deeplabv3plus, 32 for fcn, the patch
 * size for vit); other sizes are a {@link org.segmentij.UsageException}, never padded silently.
 * <p>
 * All parameter shapes follow from the {@link org.segmentij.deep.nets.NetConfig} alone (no
 * shape inference from the first input). DJL's PyTorch engine lacks transposed convolution: the
 * U-Net's 2x2 stride-2 up-convolution is computed exactly as a 1x1 convolution plus a
 * depth-to-space shuffle ({@code UpConv}), with PyTorch's weight layout; SegNet's pooling indices
 * are a 0/1 argmax mask ({@code MaxPoolIndices}).
 */
package org.segmentij.deep.nets;
