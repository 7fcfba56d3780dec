using Mono.Cecil;

namespace PetitionOpinion.Architecture.Tests;

/// <summary>A part of the code the layering speaks of: a folder of an assembly's project.</summary>
/// <param name="Assembly">The assembly's name, e.g. <c>PetitionOpinion.Domain</c>.</param>
/// <param name="Folder">The first folder below the project's (<c>Incidents</c> for <c>Incidents/Events/…</c>), or <c>""</c> for the project's root.</param>
public sealed record Part(string Assembly, string Folder)
{
    /// <inheritdoc/>
    public override string ToString() => Folder.Length == 0 ? Assembly : $"{Assembly}/{Folder}";
}

/// <summary>One use of a type of one part by a type of another, with an example for the message.</summary>
/// <param name="From">The part that uses.</param>
/// <param name="To">The part used.</param>
/// <param name="Example">One such use: <c>user type → used type</c>.</param>
public sealed record Dependency(Part From, Part To, string Example);

/// <summary>
/// Reads compiled assemblies with Mono.Cecil and lists which part uses which: every type a type names anywhere — base type,
/// interfaces, attributes, fields, properties, events, signatures, generic arguments and constraints, locals, and every
/// type, method and field its IL refers to. Compiler-generated and nested types count as their outermost declaring type,
/// and a type belongs to the folder its source file is in (<see cref="SourceFolders"/>); types of other namespaces than
/// <c>PetitionOpinion…</c> and <c>Microsoft.Extensions.DependencyInjection</c> without a source (generated) are left out.
/// </summary>
public static class DependencyGraph
{
    /// <summary>The root namespace of the library's types.</summary>
    public const string RootNamespace = "PetitionOpinion";

    /// <summary>Lists the dependencies between the parts of <paramref name="assemblies"/> (uses of other assemblies' types are left out).</summary>
    /// <param name="assemblies">The assemblies to read, each with its project's folder (where its sources are).</param>
    /// <returns>One dependency per ordered pair of distinct parts, with the first example found (ordinal order).</returns>
    /// <exception cref="InvalidOperationException">A type of the library's namespaces has no source in its project.</exception>
    public static IReadOnlyList<Dependency> Read(IEnumerable<(string AssemblyPath, string ProjectDirectory)> assemblies)
    {
        ArgumentNullException.ThrowIfNull(assemblies);
        var list = assemblies.ToList();
        var modules = list.Select(a => ModuleDefinition.ReadModule(a.AssemblyPath, new ReaderParameters { ReadSymbols = false })).ToList();
        try
        {
            var sources = modules.Zip(list).ToDictionary(p => p.First.Assembly.Name.Name, p => SourceFolders.Read(p.Second.ProjectDirectory), StringComparer.Ordinal);
            Part? PartOf(TypeReference type, string assembly)
            {
                var outermost = Outermost(type);
                if (sources[assembly].TryFind(outermost.FullName, out var folder))
                {
                    return new Part(assembly, folder);
                }

                var ns = outermost.Namespace;
                return ns == RootNamespace || ns.StartsWith(RootNamespace + ".", StringComparison.Ordinal) || ns == "Microsoft.Extensions.DependencyInjection"
                    ? throw new InvalidOperationException($"{outermost.FullName} of {assembly} has no source in its project: the layering cannot place it.")
                    : null;
            }

            var known = sources.Keys.ToHashSet(StringComparer.Ordinal);
            var found = new SortedDictionary<(string, string), Dependency>();
            foreach (var module in modules)
            {
                foreach (var type in module.GetTypes())
                {
                    var from = PartOf(type, module.Assembly.Name.Name);
                    if (from is null)
                    {
                        continue;
                    }

                    foreach (var used in UsedBy(type))
                    {
                        var assembly = AssemblyOf(used, module);
                        if (assembly is null || !known.Contains(assembly))
                        {
                            continue;
                        }

                        var to = PartOf(used, assembly);
                        if (to is null || to == from)
                        {
                            continue;
                        }

                        var key = (from.ToString(), to.ToString());
                        if (!found.ContainsKey(key))
                        {
                            found[key] = new Dependency(from, to, $"{Outermost(type).FullName} → {Outermost(used).FullName}");
                        }
                    }
                }
            }

            return [.. found.Values];
        }
        finally
        {
            foreach (var module in modules)
            {
                module.Dispose();
            }
        }
    }

    private static TypeReference Outermost(TypeReference type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        return type;
    }

    private static string? AssemblyOf(TypeReference type, ModuleDefinition module) => type.Scope switch
    {
        AssemblyNameReference name => name.Name,
        ModuleDefinition definition => definition.Assembly.Name.Name,
        _ => module.Assembly.Name.Name,
    };

    private static IEnumerable<TypeReference> UsedBy(TypeDefinition type)
    {
        var used = new List<TypeReference>();
        void Add(TypeReference? reference)
        {
            switch (reference)
            {
                case null or GenericParameter:
                    return;
                case GenericInstanceType generic:
                    Add(generic.ElementType);
                    foreach (var argument in generic.GenericArguments)
                    {
                        Add(argument);
                    }

                    return;
                case TypeSpecification specification:
                    Add(specification.ElementType);
                    return;
                default:
                    used.Add(reference);
                    return;
            }
        }

        void AddAttributes(Mono.Cecil.ICustomAttributeProvider provider)
        {
            foreach (var attribute in provider.CustomAttributes)
            {
                Add(attribute.AttributeType);
                foreach (var argument in attribute.ConstructorArguments.Concat(attribute.Properties.Select(p => p.Argument)).Concat(attribute.Fields.Select(f => f.Argument)))
                {
                    Add(argument.Type);
                    Add(argument.Value as TypeReference);
                }
            }
        }

        void AddGenericParameters(IGenericParameterProvider provider)
        {
            foreach (var parameter in provider.GenericParameters)
            {
                foreach (var constraint in parameter.Constraints)
                {
                    Add(constraint.ConstraintType);
                }
            }
        }

        void AddMethod(MethodReference method)
        {
            Add(method.DeclaringType);
            Add(method.ReturnType);
            foreach (var parameter in method.Parameters)
            {
                Add(parameter.ParameterType);
            }

            if (method is GenericInstanceMethod generic)
            {
                foreach (var argument in generic.GenericArguments)
                {
                    Add(argument);
                }
            }
        }

        Add(type.BaseType);
        AddAttributes(type);
        AddGenericParameters(type);
        foreach (var implemented in type.Interfaces)
        {
            Add(implemented.InterfaceType);
        }

        foreach (var field in type.Fields)
        {
            Add(field.FieldType);
            AddAttributes(field);
        }

        foreach (var property in type.Properties)
        {
            Add(property.PropertyType);
            AddAttributes(property);
        }

        foreach (var e in type.Events)
        {
            Add(e.EventType);
        }

        foreach (var method in type.Methods)
        {
            AddMethod(method);
            AddAttributes(method);
            AddGenericParameters(method);
            foreach (var parameter in method.Parameters)
            {
                AddAttributes(parameter);
            }

            if (!method.HasBody)
            {
                continue;
            }

            foreach (var variable in method.Body.Variables)
            {
                Add(variable.VariableType);
            }

            foreach (var handler in method.Body.ExceptionHandlers)
            {
                Add(handler.CatchType);
            }

            foreach (var instruction in method.Body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case TypeReference operand:
                        Add(operand);
                        break;
                    case MethodReference operand:
                        AddMethod(operand);
                        break;
                    case FieldReference operand:
                        Add(operand.DeclaringType);
                        Add(operand.FieldType);
                        break;
                    case Mono.Cecil.CallSite site:
                        Add(site.ReturnType);
                        break;
                }
            }
        }

        return used;
    }
}
