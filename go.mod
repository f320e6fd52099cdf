module github.com/samling-go/samling

go 1.25

require (
	github.com/google/uuid v1.6.0
	github.com/qmuntal/stateless v1.7.2
	github.com/stretchr/testify v1.12.1
)

require go.yaml.in/yaml/v3 v3.0.5 // indirect
