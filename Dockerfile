# Multi-stage build of the kiezgraph service.

# The dashboard and GraphiQL (web/ui), built by Vite into web/dist/build,
# which the Go build embeds; the types come from schema/*.graphqls.
FROM node:20 AS web
WORKDIR /src/web/ui
COPY web/ui/package.json web/ui/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY schema /src/schema
COPY web/ui ./
RUN npm run build

FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
COPY --from=web /src/web/dist/build web/dist/build
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/kiezgraph ./cmd/kiezgraph

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/kiezgraph /kiezgraph
EXPOSE 8080
USER nonroot
ENTRYPOINT ["/kiezgraph"]
CMD ["serve", "-seed-demo"]
