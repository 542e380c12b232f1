"""Tools around the site generator, not part of it: sample data and the benchmark.

``tools.sample`` writes seeded synthetic data sets (the sample county shipped in data/ and
benchmark-sized ledgers); ``tools.bench`` times both site builds on them. The product
package ``generator`` never imports from here.
"""
