/**
 * Speed benchmarks of the encoders: {@link org.histo4j.model.bench.DjlBenchmark} times an encoder with a
 * 1000-class linear head on DJL (training or inference), {@link org.histo4j.model.bench.PyTorchBenchmark} runs
 * the same configuration of torchvision under PyTorch ({@code environment/bench_pytorch.py}),
 * {@link org.histo4j.model.bench.FlopCount} counts FLOPs as that script does, and
 * {@link org.histo4j.model.bench.BenchTable} prints both side by side. The command line is {@code histo4j bench}.
 */
package org.histo4j.model.bench;
