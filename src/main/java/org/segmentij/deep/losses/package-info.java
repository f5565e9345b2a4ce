/**
 * Segmentation losses on logits, as DJL {@link ai.djl.training.loss.Loss}es: cross-entropy
 * (class weights, ignore index), soft Dice, soft Jaccard, Tversky, focal, and weighted sums.
 * {@link org.segmentij.deep.losses.Losses#parse(String)} reads command-line specs such as
 * {@code "dice+ce"} or {@code "0.5*dice+focal(gamma=2,alpha=0.25)"}. One logit channel is the
 * binary (sigmoid) case, two or more the multi-class (softmax) case.
 */
package org.segmentij.deep.losses;
