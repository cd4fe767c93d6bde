// Package seed builds the demo city and synthetic cities as domain.Datasets.
package seed
