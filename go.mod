module github.com/jeu1000/jeu1000

go 1.26.8

require (
	github.com/gocarina/gocsv v0.0.0-20240520201108-78e41c74b4b1
	github.com/hack-pad/safejs v0.1.0
	github.com/shopspring/decimal v1.4.0
)
