// code_table.cpp — code_table.h: the torch.nn modules code in reads, their
// named parameters, and arguments bound to them.
//
// Index
//   [SECTION] TABLE       every module read: its role and its parameters
//   [SECTION] ARGUMENTS   defaults as Python writes them; parameters from arguments alone
#include "state/formats/code_table.h"

#include <algorithm>
#include <string>

namespace cp::code {

const std::vector<ModuleSpec>& Table();

// [SECTION] TABLE

const std::vector<ModuleSpec>& Table() {
    static const std::vector<ParamSpec> conv{{"in_channels", ""}, {"out_channels", ""}, {"kernel_size", ""},
                                            {"stride", "1"},      {"padding", "0"},     {"dilation", "1"},
                                            {"groups", "1"},      {"bias", "True"},     {"padding_mode", "'zeros'"},
                                            {"device", "None"},   {"dtype", "None"}};
    static const std::vector<ParamSpec> convt{{"in_channels", ""}, {"out_channels", ""},  {"kernel_size", ""},
                                             {"stride", "1"},      {"padding", "0"},      {"output_padding", "0"},
                                             {"groups", "1"},      {"bias", "True"},      {"dilation", "1"},
                                             {"padding_mode", "'zeros'"}, {"device", "None"}, {"dtype", "None"}};
    auto lazy = [](std::vector<ParamSpec> p) { return std::vector<ParamSpec>(p.begin() + 1, p.end()); };
    static const std::vector<ParamSpec> max_pool{{"kernel_size", ""}, {"stride", "None"}, {"padding", "0"},
                                                {"dilation", "1"}, {"return_indices", "False"}, {"ceil_mode", "False"}};
    static const std::vector<ParamSpec> max_pool_f{{"kernel_size", ""}, {"stride", "None"}, {"padding", "0"},
                                                  {"dilation", "1"}, {"ceil_mode", "False"}, {"return_indices", "False"}};
    static const std::vector<ParamSpec> avg_pool{{"kernel_size", ""},        {"stride", "None"},
                                                {"padding", "0"},            {"ceil_mode", "False"},
                                                {"count_include_pad", "True"}, {"divisor_override", "None"}};
    static const std::vector<ParamSpec> adaptive{{"output_size", ""}, {"return_indices", "False"}};
    static const std::vector<ParamSpec> pad{{"padding", ""}};
    static const std::vector<ParamSpec> pad_value{{"padding", ""}, {"value", ""}};
    static const std::vector<ParamSpec> pad_f{{"pad", ""}, {"mode", "'constant'"}, {"value", "None"}};
    static const std::vector<ParamSpec> upsample{{"size", "None"}, {"scale_factor", "None"}, {"mode", "'nearest'"},
                                                {"align_corners", "None"}, {"recompute_scale_factor", "None"},
                                                {"antialias", "False"}};
    static const std::vector<ParamSpec> flatten{{"start_dim", "1"}, {"end_dim", "-1"}};
    static const std::vector<ParamSpec> flatten_f{{"start_dim", "0"}, {"end_dim", "-1"}};
    static const std::vector<ParamSpec> linear{{"in_features", ""}, {"out_features", ""}, {"bias", "True"},
                                              {"device", "None"}, {"dtype", "None"}};
    static const std::vector<ParamSpec> batch_norm{{"num_features", ""}, {"eps", "1e-05"}, {"momentum", "0.1"},
                                                  {"affine", "True"}, {"track_running_stats", "True"},
                                                  {"device", "None"}, {"dtype", "None"}};
    static const std::vector<ParamSpec> instance_norm{{"num_features", ""}, {"eps", "1e-05"}, {"momentum", "0.1"},
                                                     {"affine", "False"}, {"track_running_stats", "False"},
                                                     {"device", "None"}, {"dtype", "None"}};
    static const std::vector<ParamSpec> group_norm{{"num_groups", ""}, {"num_channels", ""}, {"eps", "1e-05"},
                                                  {"affine", "True"}, {"device", "None"}, {"dtype", "None"}};
    static const std::vector<ParamSpec> layer_norm{{"normalized_shape", ""}, {"eps", "1e-05"},
                                                  {"elementwise_affine", "True"}, {"device", "None"}, {"dtype", "None"}};
    static const std::vector<ParamSpec> prelu{{"num_parameters", "1"}, {"init", "0.25"}, {"device", "None"}, {"dtype", "None"}};
    static const std::vector<ModuleSpec> table = [&] {
        std::vector<ModuleSpec> t = {
            {"Conv2d", Role::Conv, conv},
            {"LazyConv2d", Role::Conv, lazy(conv), true},
            {"ConvTranspose2d", Role::ConvT, convt},
            {"LazyConvTranspose2d", Role::ConvT, lazy(convt), true},
            {"MaxPool2d", Role::MaxPool, max_pool},
            {"F.max_pool2d", Role::MaxPool, max_pool_f},
            {"AvgPool2d", Role::AvgPool, avg_pool},
            {"F.avg_pool2d", Role::AvgPool, avg_pool},
            {"AdaptiveAvgPool2d", Role::AdaptivePool, adaptive},
            {"AdaptiveMaxPool2d", Role::AdaptivePool, adaptive},
            {"F.adaptive_avg_pool2d", Role::AdaptivePool, adaptive},
            {"F.adaptive_max_pool2d", Role::AdaptivePool, adaptive},
            {"ZeroPad2d", Role::Pad, pad},
            {"ReflectionPad2d", Role::Pad, pad},
            {"ReplicationPad2d", Role::Pad, pad},
            {"CircularPad2d", Role::Pad, pad},
            {"ConstantPad2d", Role::Pad, pad_value},
            {"F.pad", Role::Pad, pad_f},
            {"Upsample", Role::Upsample, upsample},
            {"UpsamplingNearest2d", Role::Upsample, upsample},
            {"F.interpolate", Role::Upsample, upsample},
            {"F.upsample", Role::Upsample, upsample},
            {"Flatten", Role::Flatten, flatten},
            {"torch.flatten", Role::Flatten, flatten_f},
            {"Tensor.flatten", Role::Flatten, flatten_f},
            {"Tensor.view", Role::View, {}},
            {"Tensor.reshape", Role::View, {}},
            {"torch.reshape", Role::View, {}},
            {"Linear", Role::Linear, linear},
            {"LazyLinear", Role::Linear, lazy(linear), true},
            {"BatchNorm2d", Role::BatchNorm, batch_norm},
            {"BatchNorm1d", Role::BatchNorm, batch_norm},
            {"SyncBatchNorm", Role::BatchNorm, batch_norm},
            {"InstanceNorm2d", Role::InstanceNorm, instance_norm},
            {"GroupNorm", Role::GroupNorm, group_norm},
            {"LayerNorm", Role::LayerNorm, layer_norm},
            {"PReLU", Role::PReLU, prelu},
        };
        // Shape kept, no parameters: any arguments are accepted.
        for (std::string_view pass :
             {"ReLU", "ReLU6", "LeakyReLU", "ELU", "SELU", "CELU", "GELU", "SiLU", "Mish", "Hardswish", "Hardsigmoid",
              "Hardtanh", "Sigmoid", "Tanh", "Softplus", "Softsign", "Tanhshrink", "Softmax", "Softmax2d", "LogSoftmax",
              "Threshold", "Dropout", "Dropout1d", "Dropout2d", "AlphaDropout", "FeatureAlphaDropout", "Identity",
              "StochasticDepth", "LocalResponseNorm", "ChannelShuffle", "F.relu", "F.relu6", "F.leaky_relu", "F.elu",
              "F.selu", "F.gelu", "F.silu", "F.mish", "F.hardswish", "F.sigmoid", "F.tanh", "F.softmax",
              "F.log_softmax", "F.dropout", "F.dropout2d", "F.local_response_norm", "torch.relu", "torch.sigmoid",
              "torch.tanh", "F.normalize", "Tensor.relu", "Tensor.sigmoid", "Tensor.tanh", "torch.squeeze"})
            t.push_back({pass, Role::Pass, {}});
        return t;
    }();
    return table;
}

const ModuleSpec* SpecOf(std::string_view type) {
    for (const ModuleSpec& s : Table())
        if (s.type == type) return &s;
    return nullptr;
}

// [SECTION] ARGUMENTS

Value Literal(std::string_view text) {
    Value v;
    v.src = std::string(text);
    if (text == "None") v.kind = Value::Kind::None;
    else if (text == "True" || text == "False") v.kind = Value::Kind::Bool, v.i = text == "True";
    else if (text.front() == '\'') v.kind = Value::Kind::Str, v.s = std::string(text.substr(1, text.size() - 2));
    else if (text.find_first_of(".e") != std::string_view::npos) v.kind = Value::Kind::Float, v.f = std::stod(std::string(text));
    else v.kind = Value::Kind::Int, v.i = std::stoll(std::string(text));
    return v;
}

int64_t ParamsFromArguments(const Module& m, int depth) {
    int64_t total = 0;
    if (depth > 32) return 0;
    for (const ModulePtr& c : m.children) total += ParamsFromArguments(*c, depth + 1);
    const ModuleSpec* spec = SpecOf(m.type);
    if (!spec || m.container || spec->lazy) return total;
    std::string error;
    const Args a(m, *spec, error);
    if (!error.empty()) return total;
    auto i = [&](std::string_view name) { return a.Int(name).ok() ? int64_t(a.Int(name).value()) : 0; };
    auto yes = [&](std::string_view name) { return a.Bool(name).ok() && a.Bool(name).value(); };
    switch (spec->role) {
        case Role::Conv:
        case Role::ConvT: {
            const Result<Size2> k = a.Size("kernel_size");
            const int64_t g = std::max<int64_t>(1, i("groups")), kk = k.ok() ? int64_t(k.value().h) * k.value().w : 0;
            const int64_t split = spec->role == Role::Conv ? i("out_channels") * (i("in_channels") / g)
                                                           : i("in_channels") * (i("out_channels") / g);
            return total + split * kk + (yes("bias") ? i("out_channels") : 0);
        }
        case Role::Linear: return total + i("in_features") * i("out_features") + (yes("bias") ? i("out_features") : 0);
        case Role::BatchNorm:
        case Role::InstanceNorm: return total + (yes("affine") ? 2 * i("num_features") : 0);
        case Role::GroupNorm: return total + (yes("affine") ? 2 * i("num_channels") : 0);
        case Role::PReLU: return total + i("num_parameters");
        default: return total;
    }
}


}  // namespace cp::code
