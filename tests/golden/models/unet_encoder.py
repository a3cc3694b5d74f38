# The U-Net paper's contracting path (Ronneberger et al. 2015, Fig. 1): unpadded
# 3x3 convolutions and 2x2 max pooling on a 572x572 tile, as people write it.
import torch
import torch.nn as nn


class DoubleConv(nn.Module):
    """(conv 3x3, no padding => ReLU) * 2"""

    def __init__(self, in_channels, out_channels):
        super().__init__()
        self.double_conv = nn.Sequential(
            nn.Conv2d(in_channels, out_channels, kernel_size=3),
            nn.ReLU(inplace=True),
            nn.Conv2d(out_channels, out_channels, kernel_size=3),
            nn.ReLU(inplace=True),
        )

    def forward(self, x):
        return self.double_conv(x)


class Encoder(nn.Module):
    def __init__(self, in_channels=1, base=64):
        super().__init__()
        self.inc = DoubleConv(in_channels, base)
        self.pool = nn.MaxPool2d(2)
        self.down1 = DoubleConv(base, base * 2)
        self.down2 = DoubleConv(base * 2, base * 4)
        self.down3 = DoubleConv(base * 4, base * 8)
        self.down4 = DoubleConv(base * 8, base * 16)

    def forward(self, x):
        x1 = self.inc(x)                 # 64 x 568 x 568
        x2 = self.down1(self.pool(x1))   # 128 x 280 x 280
        x3 = self.down2(self.pool(x2))   # 256 x 136 x 136
        x4 = self.down3(self.pool(x3))   # 512 x 64 x 64
        x5 = self.down4(self.pool(x4))   # 1024 x 28 x 28
        return x5, (x1, x2, x3, x4)


model = Encoder()
x = torch.randn(1, 1, 572, 572)
print(model(x)[0].shape)
