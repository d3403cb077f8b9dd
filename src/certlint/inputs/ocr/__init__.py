"""Reading pictures: OCR of images and image-only PDF pages into lines with character boxes."""
