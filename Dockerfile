# Multi-stage build of the kiezgraph service.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/kiezgraph ./cmd/kiezgraph

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/kiezgraph /kiezgraph
EXPOSE 8080
USER nonroot
ENTRYPOINT ["/kiezgraph"]
CMD ["serve", "-seed-demo"]
